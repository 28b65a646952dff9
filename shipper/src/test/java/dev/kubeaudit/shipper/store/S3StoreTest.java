package dev.kubeaudit.shipper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.Segments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * S3Store against a real S3 server (s3proxy, SigV4) on 127.0.0.1; stored bytes checked by download.
 * The other S3 implementation is in {@link S3ImplementationsTest}.
 */
class S3StoreTest {
    private static final Instant TIME = Instant.parse("2026-11-27T03:16:01Z");
    private static final ObjectKeys KEYS = new ObjectKeys("prod", "c1", "node-a");

    @TempDir
    static Path serverDir;
    @TempDir
    Path dir;

    static S3Server server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start(serverDir.resolve("s3"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static S3Store store(AgentConfig.Checksum checksum, long multipartThreshold) {
        return new S3Store(new S3Settings(S3Server.BUCKET, server.endpoint(), "us-east-1", true, checksum,
                AgentConfig.Confirm.AUTO, multipartThreshold, null, null, null, 0, 4),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
    }

    private Receipt put(S3Store store, Path file) throws Exception {
        return store.put(upload(file, false));
    }

    private static Upload upload(Path file, boolean md5) throws Exception {
        String name = file.getFileName().toString();
        return new Upload(KEYS.keyFor(name, TIME), file, SegmentDigest.of(file, md5), TIME);
    }

    @Test
    void storesSmallGzipAndZstdSegmentsByteIdenticalUnderTheKeyLayout() throws Exception {
        try (S3Store store = store(AgentConfig.Checksum.SHA256, 5L << 30)) {
            for (String name : new String[] {"audit-2026-11-27T03-16-01.000.log", "audit-2026-11-27T03-16-01.001.log.gz",
                    "audit-2026-11-27T03-16-01.002.log.zst"}) {
                Path file = Segments.write(dir, name, 70_000);
                Receipt receipt = put(store, file);
                assertThat(receipt.key()).isEqualTo("prod/c1/node-a/2026/11/27/" + name);
                assertThat(receipt.alreadyStored()).isFalse();
                assertThat(receipt.etag()).isNotBlank();
                assertThat(server.bytes(receipt.key())).isEqualTo(Files.readAllBytes(file));
            }
        }
    }

    @Test
    void storesA100MiBSegmentInOnePut() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T04-00-00.000.log", 100L << 20);
        try (S3Store store = store(AgentConfig.Checksum.SHA256, 5L << 30)) {
            Receipt receipt = put(store, file);
            assertThat(receipt.etag()).as("a single PUT's ETag has no part count").doesNotContain("-");
            assertThat(server.sha256(receipt.key())).isEqualTo(S3Server.sha256(file));
        }
    }

    @Test
    void storesA40MiBSegmentInPartsAboveA16MiBThreshold() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T05-00-00.000.log.gz", 40L << 20);
        try (S3Store store = store(AgentConfig.Checksum.SHA256, 16L << 20)) {
            Receipt receipt = put(store, file);
            assertThat(receipt.etag()).as("multipart ETag of 3 parts").endsWith("-3");
            assertThat(server.sha256(receipt.key())).isEqualTo(S3Server.sha256(file));
            assertThat(server.client().listMultipartUploads(b -> b.bucket(S3Server.BUCKET)).uploads())
                    .as("no upload left open").isEmpty();
            Receipt again = put(store, file);
            assertThat(again.alreadyStored()).as("second multipart upload confirmed, not repeated").isTrue();
        }
    }

    @Test
    void bytesThatDoNotMatchTheirDigestAreNeitherSentNorStored() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T06-00-00.000.log", 50_000);
        Upload right = upload(file, false);
        byte[] wrongSha = Arrays.copyOf(right.digest().sha256(), 32);
        wrongSha[0] ^= 1;
        Upload corrupted = new Upload(right.key(), file, new SegmentDigest(right.digest().size(), wrongSha, null), TIME);
        try (S3Store store = store(AgentConfig.Checksum.SHA256, 5L << 30)) {
            assertThatThrownBy(() -> store.put(corrupted)).isInstanceOf(StoreException.class)
                    .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.CHECKSUM))
                    .hasMessageContaining("not sent");
            assertThat(server.keys()).doesNotContain(right.key());
            assertThat(store.put(right).alreadyStored()).isFalse();
            assertThat(server.sha256(right.key())).isEqualTo(S3Server.sha256(file));
        }
    }

    @Test
    void aSecondUploadOfTheSameKeyIsAnswered412AndConfirmed() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T07-00-00.000.log.gz", 80_000);
        try (S3Store store = store(AgentConfig.Checksum.SHA256, 5L << 30)) {
            Receipt first = put(store, file);
            Receipt second = put(store, file);
            assertThat(second.alreadyStored()).isTrue();
            assertThat(second.etag()).isEqualTo(first.etag());
            assertThat(second.sha256Hex()).isEqualTo(first.sha256Hex());
        }
    }

    @Test
    void anObjectWithOtherContentIsNeverOverwritten() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T08-00-00.000.log", 10_000);
        try (S3Store store = store(AgentConfig.Checksum.SHA256, 5L << 30)) {
            Receipt first = put(store, file);
            Files.write(file, new byte[10_000]);
            assertThatThrownBy(() -> put(store, file)).isInstanceOf(StoreException.class)
                    .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.CONFLICT))
                    .hasMessageContaining("never overwritten");
            assertThat(server.sha256(first.key())).isEqualTo(first.sha256Hex());
        }
    }

    @Test
    void md5AndNoChecksumModesStoreTheSameBytes() throws Exception {
        Path md5File = Segments.write(dir, "audit-2026-11-27T09-00-00.000.log", 30_000);
        Path plainFile = Segments.write(dir, "audit-2026-11-27T09-00-00.001.log", 30_000);
        try (S3Store md5 = store(AgentConfig.Checksum.MD5, 5L << 30);
                S3Store none = store(AgentConfig.Checksum.NONE, 5L << 30)) {
            Receipt a = md5.put(upload(md5File, true));
            Receipt b = none.put(upload(plainFile, false));
            assertThat(server.sha256(a.key())).isEqualTo(S3Server.sha256(md5File));
            assertThat(server.sha256(b.key())).isEqualTo(S3Server.sha256(plainFile));
        }
    }

    @Test
    void wrongCredentialsAreAPermanentDenial() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T10-00-00.000.log", 1_000);
        try (S3Store store = new S3Store(new S3Settings(S3Server.BUCKET, server.endpoint(), "us-east-1", true,
                AgentConfig.Checksum.SHA256, AgentConfig.Confirm.AUTO, 5L << 30, null, null, null, 0, 2),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("wrong", "wrong")))) {
            assertThatThrownBy(() -> put(store, file)).isInstanceOf(StoreException.class)
                    .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.DENIED))
                    .satisfies(e -> assertThat(((StoreException) e).permanent()).isTrue());
        }
    }
}
