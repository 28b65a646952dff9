package dev.kubeaudit.search.files;

import static dev.kubeaudit.search.files.RelayedArchive.bytes;
import static dev.kubeaudit.search.files.RelayedArchive.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.shipper.testing.BothS3Servers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache folder shared by searches, one after the other and at once: least recently used copies
 * are evicted after a search to keep it under its bound, never the copies that search used, and
 * only by the last search to finish. Against s3proxy on 127.0.0.1 (how copies are kept does not
 * depend on the store).
 */
class CacheEvictionTest {
    static final int SEGMENT_BYTES = 1000;

    @RegisterExtension
    static final BothS3Servers SERVERS = new BothS3Servers();

    @TempDir
    Path cache;
    final MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
    final RecordingCacheListener listener = new RecordingCacheListener();
    final List<ArchiveObject> segments = new ArrayList<>();
    RelayedArchive store;

    @BeforeEach
    void fourSegments() throws IOException {
        store = new RelayedArchive(SERVERS.s3proxy());
        for (int i = 0; i < 4; i++) {
            segments.add(store.put(CachedFilesTest.segment(i), bytes(i, SEGMENT_BYTES)));
        }
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void evictsTheLeastRecentlyUsedCopiesToKeepTheCacheUnderMaxBytes() throws IOException {
        search(2500, 0, 1);
        assertThat(copiedBytes()).isEqualTo(2000);
        search(2500, 2);
        assertThat(listener.events).containsExactly("evicted 1 1000");
        assertThat(copiedBytes()).isEqualTo(2000);
        search(2500, 1, 3); // 1 used again: now 2 is the least recently used
        assertThat(listener.events).containsExactly("evicted 1 1000", "evicted 1 1000");
        assertThat(copiedBytes()).isEqualTo(2000);

        assertThat(search(2500, 1, 3).fetched()).isEmpty();
        assertThat(search(2500, 0).fetched()).containsExactly(segments.get(0).key());
        assertThat(search(2500, 2).fetched()).containsExactly(segments.get(2).key());
    }

    @Test
    void neverEvictsACopyTheSearchUsedEvenAboveMaxBytes() throws IOException {
        search(1500, 0, 1, 2);
        assertThat(copiedBytes()).isEqualTo(3000);
        assertThat(listener.events).isEmpty();

        search(1500, 3);
        assertThat(listener.events).containsExactly("evicted 3 3000");
        assertThat(copiedBytes()).isEqualTo(1000);
        assertThat(search(0, 3).fetched()).isEmpty();
    }

    @Test
    void leavesEvictionToTheLastSearchSharingTheCache() throws IOException {
        LocalFiles first = open(0);
        LocalFiles second = open(0);
        first.segment(segments.get(0), sha256(bytes(0, SEGMENT_BYTES)));
        Path kept = second.segment(segments.get(1), sha256(bytes(1, SEGMENT_BYTES)));

        first.close();
        assertThat(listener.events).containsExactly("deferred");
        assertThat(copiedBytes()).isEqualTo(2000);
        second.close();
        assertThat(listener.events).containsExactly("deferred", "evicted 1 1000");
        assertThat(copies()).containsExactly(kept);
        second.close(); // idempotent
        assertThat(listener.events).hasSize(2);
    }

    @Test
    void removesWhatCrashedSearchesLeft() throws IOException {
        Path copy;
        try (LocalFiles files = open(CacheOptions.DEFAULT_MAX_BYTES)) {
            copy = files.segment(segments.get(0), null);
        }
        Path entry = copy.getParent();
        Files.write(entry.resolve(".tmp-crashed"), new byte[100]);
        Path halfInstalled = Files.createDirectories(entry.getParent().resolve("0".repeat(62)));
        Files.writeString(halfInstalled.resolve(CacheLayout.SIDECAR), "0".repeat(64));

        search(CacheOptions.DEFAULT_MAX_BYTES, 0);
        assertThat(entry.resolve(".tmp-crashed")).doesNotExist();
        assertThat(halfInstalled).doesNotExist();
        assertThat(copies()).containsExactly(copy);
    }

    @Test
    void searchesFetchingTheSameSegmentsAtOnceEachGetWholeCopies() throws Exception {
        int searches = 4;
        CyclicBarrier start = new CyclicBarrier(searches);
        ExecutorService threads = Executors.newFixedThreadPool(searches);
        try {
            List<Future<List<String>>> fetched = new ArrayList<>();
            for (int s = 0; s < searches; s++) {
                fetched.add(threads.submit(() -> {
                    try (LocalFiles files = open(CacheOptions.DEFAULT_MAX_BYTES)) {
                        start.await(30, TimeUnit.SECONDS);
                        for (int i = 0; i < segments.size(); i++) {
                            assertThat(files.segment(segments.get(i), sha256(bytes(i, SEGMENT_BYTES))))
                                    .hasBinaryContent(bytes(i, SEGMENT_BYTES));
                        }
                        return files.fetched();
                    }
                }));
            }
            int gets = 0;
            for (Future<List<String>> f : fetched) {
                gets += f.get(60, TimeUnit.SECONDS).size();
            }
            assertThat(gets).isBetween(segments.size(), searches * segments.size()).isEqualTo(store.gets().size());
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(copies()).hasSize(segments.size());
        assertThat(CachedFilesTest.filesIn(cache)).noneMatch(p -> p.getFileName().toString().startsWith(".tmp-"));
    }

    /** One search using segments {@code used} in order, a minute apart, closed. */
    private LocalFiles search(long maxBytes, int... used) throws IOException {
        try (LocalFiles files = open(maxBytes)) {
            for (int i : used) {
                clock.advance(Duration.ofMinutes(1));
                assertThat(files.segment(segments.get(i), sha256(bytes(i, SEGMENT_BYTES))))
                        .hasBinaryContent(bytes(i, SEGMENT_BYTES));
            }
            return files;
        }
    }

    private LocalFiles open(long maxBytes) throws IOException {
        return LocalFiles.of(store.archive, new CacheOptions(cache, maxBytes, listener, clock));
    }

    private List<Path> copies() throws IOException {
        try (Stream<Path> files = Files.walk(cache.toRealPath().resolve(CacheLayout.OBJECTS))) {
            return files.filter(Files::isRegularFile).filter(p -> CacheLayout.isCopy(p.getFileName().toString()))
                    .sorted().toList();
        }
    }

    private long copiedBytes() throws IOException {
        long bytes = 0;
        for (Path copy : copies()) {
            bytes += Files.size(copy);
        }
        return bytes;
    }
}
