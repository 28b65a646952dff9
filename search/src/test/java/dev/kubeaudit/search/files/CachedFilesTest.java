package dev.kubeaudit.search.files;

import static dev.kubeaudit.search.files.RelayedArchive.bytes;
import static dev.kubeaudit.search.files.RelayedArchive.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.shipper.testing.BothS3Servers;
import dev.kubeaudit.shipper.testing.S3Implementation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A remote archive's objects fetched into a cache folder and reused, against two independent S3
 * servers on 127.0.0.1; the GetObject requests our client really sends are counted by a relay in
 * front of the server.
 */
class CachedFilesTest {
    static final String DAY = "c1/node-a/2026/11/27/";
    static final String MANIFEST = DAY + "audit-2026-11-27T03-16-01.000.manifest.json";
    static final int MANIFEST_MAX = 1 << 20;

    @RegisterExtension
    static final BothS3Servers SERVERS = new BothS3Servers();

    @TempDir
    Path cache;
    final MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
    final RecordingCacheListener listener = new RecordingCacheListener();

    static List<S3Implementation> servers() {
        return SERVERS.both();
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers are the class's, closed after all
    @MethodSource("servers")
    void fetchesOnlyTheObjectsTheSearchAsksFor(S3Implementation server) throws Exception {
        try (RelayedArchive store = new RelayedArchive(server)) {
            ArchiveObject manifest = store.put(MANIFEST, "{\"segments\":3}".getBytes(StandardCharsets.UTF_8));
            List<ArchiveObject> segments = List.of(
                    store.put(segment(0), bytes(0, 3000)),
                    store.put(segment(1), bytes(1, 4000)),
                    store.put(segment(2), bytes(2, 5000)));
            try (LocalFiles files = search(store)) {
                assertThat(files.small(manifest, MANIFEST_MAX)).asString(StandardCharsets.UTF_8)
                        .isEqualTo("{\"segments\":3}");
                Path copy = files.segment(segments.get(1), sha256(bytes(1, 4000)));
                assertThat(copy).hasBinaryContent(bytes(1, 4000));
                assertThat(copy.getFileName()).hasToString("audit-2026-11-27T03-16-01.001.log.gz");
                assertThat(copy.toRealPath()).startsWith(cache.toRealPath().resolve("objects"));
                assertThat(files.fetched()).containsExactly(MANIFEST, segment(1));
                assertThat(files.reused()).isEmpty();
            }
            assertThat(store.gets()).containsExactly(MANIFEST, segment(1));
            assertThat(listener.events).isEmpty();
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aSecondSearchSendsNoRequestForSegmentsOrManifests(S3Implementation server) throws Exception {
        try (RelayedArchive store = new RelayedArchive(server)) {
            ArchiveObject manifest = store.put(MANIFEST, "{}".getBytes(StandardCharsets.UTF_8));
            ArchiveObject first = store.put(segment(0), bytes(0, 3000));
            ArchiveObject second = store.put(segment(1), bytes(1, 2000));
            Path copy;
            try (LocalFiles files = search(store)) {
                files.small(manifest, MANIFEST_MAX);
                copy = files.segment(first, sha256(bytes(0, 3000)));
                files.segment(second, sha256(bytes(1, 2000)));
            }
            int requests = store.requests();

            try (LocalFiles files = search(store)) {
                assertThat(files.small(manifest, MANIFEST_MAX)).asString(StandardCharsets.UTF_8).isEqualTo("{}");
                assertThat(files.segment(first, sha256(bytes(0, 3000)))).isEqualTo(copy).hasBinaryContent(bytes(0, 3000));
                assertThat(files.segment(second, sha256(bytes(1, 2000)))).hasBinaryContent(bytes(1, 2000));
                assertThat(files.fetched()).isEmpty();
                assertThat(files.reused()).containsExactly(MANIFEST, segment(0), segment(1));
            }
            assertThat(store.requests()).isEqualTo(requests);
            assertThat(store.gets()).containsExactly(MANIFEST, segment(0), segment(1));
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aSegmentWhoseBytesDoNotMatchItsManifestFailsAndLeavesNothingInTheCache(S3Implementation server)
            throws Exception {
        try (RelayedArchive store = new RelayedArchive(server)) {
            ArchiveObject object = store.put(segment(0), bytes(0, 3000));
            String manifests = sha256(bytes(7, 3000));
            try (LocalFiles files = search(store)) {
                assertThatThrownBy(() -> files.segment(object, manifests)).isInstanceOf(IOException.class)
                        .hasMessage("segment '" + segment(0) + "' from " + store.describe() + ": SHA-256 "
                                + sha256(bytes(0, 3000)) + " does not match its manifest's " + manifests);
                assertThat(filesIn(cache)).containsExactly(cache.resolve(CacheLayout.LOCK));

                assertThat(files.segment(object, sha256(bytes(0, 3000)).toUpperCase())).hasBinaryContent(bytes(0, 3000));
                assertThat(files.fetched()).containsExactly(segment(0), segment(0));
            }
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void anObjectChangedSinceItsListingIsRefused(S3Implementation server) throws Exception {
        try (RelayedArchive store = new RelayedArchive(server)) {
            ArchiveObject longer = store.put(segment(0), bytes(0, 3000));
            ArchiveObject shorter = store.put(segment(1), bytes(1, 3000));
            store.overwrite(segment(0), bytes(0, 5000));
            store.overwrite(segment(1), bytes(1, 1000));
            try (LocalFiles files = search(store)) {
                assertThatThrownBy(() -> files.segment(longer, null)).hasMessage("segment '" + segment(0) + "' from "
                        + store.describe() + ": more than 3000 bytes arrived (expected: its listing's 3000)");
                assertThatThrownBy(() -> files.segment(shorter, null)).hasMessage("segment '" + segment(1) + "' from "
                        + store.describe() + ": only 1000 bytes arrived (expected: its listing's 3000)");
            }
            assertThat(filesIn(cache)).containsExactly(cache.resolve(CacheLayout.LOCK));
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aManifestLargerThanMaxBytesIsRefusedWithoutARequest(S3Implementation server) throws Exception {
        try (RelayedArchive store = new RelayedArchive(server)) {
            ArchiveObject manifest = store.put(MANIFEST, bytes(0, 101));
            int requests = store.requests();
            try (LocalFiles files = search(store)) {
                assertThatThrownBy(() -> files.small(manifest, 100)).isInstanceOf(IOException.class)
                        .hasMessage("Object '" + MANIFEST + "' in " + store.describe() + " is larger than 100 bytes");
            }
            assertThat(store.requests()).isEqualTo(requests);
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aCopyChangedOnDiskIsFetchedAgainEvenWithItsSizeAndTimeKept(S3Implementation server) throws Exception {
        try (RelayedArchive store = new RelayedArchive(server)) {
            ArchiveObject manifest = store.put(MANIFEST, "{\"segments\":1}".getBytes(StandardCharsets.UTF_8));
            ArchiveObject object = store.put(segment(0), bytes(0, 3000));
            Path copy;
            try (LocalFiles files = search(store)) {
                files.small(manifest, MANIFEST_MAX);
                copy = files.segment(object, sha256(bytes(0, 3000)));
            }
            flipOneByteKeepingSizeAndTime(copy);
            flipOneByteKeepingSizeAndTime(copyNamed(Path.of(MANIFEST).getFileName().toString()));

            try (LocalFiles files = search(store)) {
                assertThat(files.small(manifest, MANIFEST_MAX)).asString(StandardCharsets.UTF_8)
                        .isEqualTo("{\"segments\":1}");
                assertThat(files.segment(object, sha256(bytes(0, 3000)))).isEqualTo(copy)
                        .hasBinaryContent(bytes(0, 3000));
                assertThat(files.fetched()).containsExactly(MANIFEST, segment(0));
                assertThat(files.reused()).isEmpty();
            }
            assertThat(store.gets()).containsExactly(MANIFEST, segment(0), MANIFEST, segment(0));
            assertThat(listener.events).hasSize(2).allSatisfy(e -> assertThat(e).startsWith("discarded ")
                    .contains(", as downloaded"));
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aSegmentWithoutManifestHashIsKeptReportedAndStillCheckedAgainstItsDownload(S3Implementation server)
            throws Exception {
        try (RelayedArchive store = new RelayedArchive(server)) {
            ArchiveObject object = store.put(segment(0), bytes(0, 3000));
            Path copy;
            try (LocalFiles files = search(store)) {
                copy = files.segment(object, null);
            }
            try (LocalFiles files = search(store)) {
                assertThat(files.segment(object, null)).hasBinaryContent(bytes(0, 3000));
                assertThat(files.fetched()).isEmpty();
            }
            flipOneByteKeepingSizeAndTime(copy);
            try (LocalFiles files = search(store)) {
                assertThat(files.segment(object, null)).hasBinaryContent(bytes(0, 3000));
                assertThat(files.fetched()).containsExactly(segment(0));
            }
            assertThat(listener.events).containsExactly(
                    "unverified " + segment(0),
                    "unverified " + segment(0),
                    "discarded " + segment(0) + ": its SHA-256 " + sha256(corrupted(bytes(0, 3000))) + " is no longer "
                            + sha256(bytes(0, 3000)) + ", as downloaded",
                    "unverified " + segment(0));
        }
    }

    static Stream<String> oddKeys() {
        return Stream.of(
                "c1/node a/2026/11/27/audit ü 1.log.gz",
                "c1/%41+b/x?y#z&w=1.log.zst",
                "c1/node-a/.sha256",
                "c1/node-a/.tmp-1",
                "c1/node-a/back\\slash:colon*star.log",
                "c1/node-a/" + "x".repeat(200) + ".log.gz",
                "c1/node-a/..gz",
                "c1/node-a/~tilde!$'()");
    }

    static Stream<Arguments> oddKeysOnBothServers() {
        return servers().stream().flatMap(s -> oddKeys().map(k -> Arguments.of(s, k)));
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("oddKeysOnBothServers")
    void oddKeysAreCachedInsideTheCacheUnderNamesEndingLikeTheKey(S3Implementation server, String key)
            throws Exception {
        try (RelayedArchive store = new RelayedArchive(server)) {
            ArchiveObject object = store.putUnlisted(key, bytes(key.hashCode(), 1000));
            Path copy;
            try (LocalFiles files = search(store)) {
                copy = files.segment(object, sha256(bytes(key.hashCode(), 1000)));
            }
            try (LocalFiles files = search(store)) {
                assertThat(files.segment(object, sha256(bytes(key.hashCode(), 1000)))).isEqualTo(copy)
                        .hasBinaryContent(bytes(key.hashCode(), 1000));
            }
            assertThat(copy.toRealPath()).startsWith(cache.toRealPath().resolve("objects"));
            assertThat(copy.getFileName()).hasToString(CacheLayout.fileName(key));
            assertThat(store.gets()).containsExactly(key);
        }
    }

    static String segment(int i) {
        return DAY + "audit-2026-11-27T03-16-01.00" + i + ".log.gz";
    }

    private LocalFiles search(RelayedArchive store) throws IOException {
        return LocalFiles.of(store.archive, new CacheOptions(cache, CacheOptions.DEFAULT_MAX_BYTES, listener, clock));
    }

    private static void flipOneByteKeepingSizeAndTime(Path file) throws IOException {
        FileTime time = Files.getLastModifiedTime(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long middle = channel.size() / 2;
            channel.read(one, middle);
            one.put(0, (byte) (one.get(0) ^ 1));
            one.rewind();
            channel.write(one, middle);
        }
        Files.setLastModifiedTime(file, time);
    }

    private static byte[] corrupted(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 1;
        return copy;
    }

    private Path copyNamed(String name) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }

    static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
