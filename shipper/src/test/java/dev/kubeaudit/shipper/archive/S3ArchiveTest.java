package dev.kubeaudit.shipper.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.testing.ListedOnlyArchive;
import dev.kubeaudit.shipper.testing.BothS3Servers;
import dev.kubeaudit.shipper.testing.S3Implementation;
import dev.kubeaudit.shipper.testing.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * S3 archives read back from two independent S3 servers on 127.0.0.1 (s3proxy and LocalS3), opened
 * by location as the verifier opens them (the provider found through ServiceLoader, credentials from
 * the test JVM's default chain). Each test writes under a prefix of its own in the shared bucket.
 */
class S3ArchiveTest {
    static final String DAY = "c1/node-a/2026/11/27/";
    static final AtomicInteger PREFIXES = new AtomicInteger();

    @RegisterExtension
    static final BothS3Servers SERVERS = new BothS3Servers();

    static List<S3Implementation> servers() {
        return SERVERS.both();
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers are the class's, closed after all
    @MethodSource("servers")
    void listsTheObjectsUnderTheDestinationPrefixByRelativeKeySorted(S3Implementation server) throws IOException {
        String p = prefix();
        put(server, p + "/" + DAY + "audit-2026-11-27T03-16-01.001.log.gz", "bb");
        put(server, p + "/" + DAY + "audit-2026-11-27T03-16-01.000.log", "a");
        put(server, p + "/c1/node-b/2026/11/27/audit-2026-11-27T05-00-00.000.log", "ccc");
        put(server, p + "x/c1/node-a/beside-the-prefix.log", "d");
        try (Archive archive = Archives.open("s3://" + S3Server.BUCKET + "/" + p + "/", options(server))) {
            assertThat(archive.describe()).isEqualTo("s3://" + S3Server.BUCKET + "/" + p);
            assertThat(archive.list("")).extracting(ArchiveObject::key, ArchiveObject::size).containsExactly(
                    tuple(DAY + "audit-2026-11-27T03-16-01.000.log", 1L),
                    tuple(DAY + "audit-2026-11-27T03-16-01.001.log.gz", 2L),
                    tuple("c1/node-b/2026/11/27/audit-2026-11-27T05-00-00.000.log", 3L));
            assertThat(archive.list(DAY)).hasSize(2);
            assertThat(archive.list("c1/node-")).hasSize(3);
            assertThat(archive.list(DAY + "audit-2026-11-27T03-16-01.001")).extracting(ArchiveObject::key)
                    .containsExactly(DAY + "audit-2026-11-27T03-16-01.001.log.gz");
            assertThat(archive.list("c2/")).isEmpty();
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void namesTheFoldersUnderAPrefixPageByPageAsTheListingDerivedOnesDo(S3Implementation server) throws IOException {
        String p = prefix();
        for (int i = 0; i < 7; i++) {
            put(server, p + "/c1/node-" + i + "/2026/11/27/audit.log", "a");
        }
        put(server, p + "/c1/node-0/integrity/x.checkpoint", "b");
        put(server, p + "/c1/file.log", "c");
        put(server, p + "/cluster=c2/dt=2026-11-27/node-a_audit.log", "d");
        put(server, p + "x/beside/the-prefix.log", "e");
        List<String> nodes = IntStream.range(0, 7).mapToObj(i -> "node-" + i).toList();
        try (S3Archive archive = new S3Archive(S3Location.parse("s3://" + S3Server.BUCKET + "/" + p), options(server),
                null, 3)) {
            assertThat(archive.folders("")).containsExactly("c1", "cluster=c2");
            assertThat(archive.folders("c1/")).as("3 pages of at most 3, the file left out").isEqualTo(nodes);
            assertThat(archive.folders("c1/node-0/")).containsExactly("2026", "integrity");
            assertThat(archive.folders("c1/node-0/2026/11/27/")).isEmpty();
            assertThat(archive.folders("c3/")).isEmpty();
            for (String prefix : List.of("", "c1/", "c1/node-0/", "cluster=c2/")) {
                Archive derived = new ListedOnlyArchive(archive);
                assertThat(archive.folders(prefix)).as(prefix).isEqualTo(derived.folders(prefix));
            }
            assertThatThrownBy(() -> archive.folders("c1")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void opensAndReadsObjectsAndTellsAnAbsentKey(S3Implementation server) throws IOException {
        String p = prefix();
        put(server, p + "/manifest.json", "0123456789");
        try (Archive archive = Archives.open("s3://" + S3Server.BUCKET + "/" + p, options(server))) {
            try (InputStream in = archive.open("manifest.json")) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("0123456789");
            }
            assertThatThrownBy(() -> archive.open("absent.json")).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("absent.json").hasMessageContaining("GetObject in " + archive.describe());
            assertThatThrownBy(() -> archive.readSmall("manifest.json", 9)).isInstanceOf(IOException.class)
                    .hasMessage("Object 'manifest.json' in " + archive.describe() + " is larger than 9 bytes");
            assertThat(archive.readSmall("manifest.json", 10)).asString(StandardCharsets.UTF_8).isEqualTo("0123456789");
            assertThatThrownBy(() -> archive.readSmall("absent.json", 10)).isInstanceOf(NoSuchFileException.class);
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void pagesThroughAListingWhileTheStoreSaysItIsTruncated(S3Implementation server) throws IOException {
        String p = prefix();
        List<String> keys = IntStream.range(0, 23).mapToObj(i -> String.format("k%03d.log", i)).toList();
        for (String key : keys) {
            put(server, p + "/" + key, key);
        }
        assertThat(server.client().listObjectsV2(b -> b.bucket(S3Server.BUCKET).prefix(p + "/").maxKeys(5)).isTruncated())
                .as("%s pages at 5", server).isTrue();
        try (S3Archive archive = new S3Archive(S3Location.parse("s3://" + S3Server.BUCKET + "/" + p), options(server),
                null, 5)) {
            assertThat(archive.list("")).extracting(ArchiveObject::key).as("5 pages of at most 5").isEqualTo(keys);
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void holdsAStreamOpenInEveryThreadAndStillAnswersAListing(S3Implementation server) throws Exception {
        String p = prefix();
        int requests = ArchiveOptions.DEFAULT_CONCURRENCY;
        for (int i = 0; i < requests; i++) {
            put(server, p + "/" + i + ".log", "x".repeat(200_000));
        }
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        List<InputStream> streams = new ArrayList<>();
        try (Archive archive = Archives.open("s3://" + S3Server.BUCKET + "/" + p, options(server))) {
            CyclicBarrier together = new CyclicBarrier(requests);
            List<Future<InputStream>> opened = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String key = i + ".log";
                opened.add(threads.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return archive.open(key);
                }));
            }
            for (Future<InputStream> f : opened) {
                streams.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(archive.list("")).as("a request beside %s open streams", requests).hasSize(requests);
            for (InputStream in : streams) {
                assertThat(in.readAllBytes()).hasSize(200_000);
            }
        } finally {
            for (InputStream in : streams) {
                in.close();
            }
            threads.shutdownNow();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void keepsNoVersionsWhereTheBucketNeverHadVersioning(S3Implementation server) throws IOException {
        String p = prefix();
        put(server, p + "/a.log", "a");
        try (Archive archive = Archives.open("s3://" + S3Server.BUCKET + "/" + p, options(server))) {
            assertThat(archive.versions("")).isEmpty();
        }
    }

    @Test
    void listsMoreThanAThousandObjectsAcrossTheStoresOwnPages() throws Exception {
        String p = prefix();
        List<String> keys = IntStream.range(0, 1234).mapToObj(i -> String.format("c1/node-a/%05d.log", i)).toList();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : keys) {
                puts.add(writers.submit(() -> put(SERVERS.localS3(), p + "/" + key, key)));
            }
            for (Future<?> f : puts) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
            assertThat(writers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        try (Archive archive = Archives.open("s3://" + S3Server.BUCKET + "/" + p, options(SERVERS.localS3()))) {
            assertThat(archive.list("")).extracting(ArchiveObject::key).as("a page of 1000 and one of 234").isEqualTo(keys);
            assertThat(archive.list("c1/node-a/011")).hasSize(100);
        }
    }

    static ArchiveOptions options(S3Implementation server) {
        return new ArchiveOptions(server.endpoint(), "us-east-1", true, ArchiveOptions.DEFAULT_CONCURRENCY);
    }

    static String prefix() {
        return "t" + PREFIXES.incrementAndGet();
    }

    static void put(S3Implementation server, String key, String content) {
        server.client().putObject(b -> b.bucket(S3Server.BUCKET).key(key), RequestBody.fromString(content));
    }
}
