package dev.kubeaudit.agent.journal;

import static dev.kubeaudit.agent.journal.TestJournals.batch;
import static dev.kubeaudit.agent.journal.TestJournals.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.config.AgentConfig.SyncMode;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink.Appended;
import dev.kubeaudit.agent.journal.TestJournals.RecordingListener;
import dev.kubeaudit.agent.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path tmp;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final RecordingListener listener = new RecordingListener();

    private Path dir() {
        return tmp.resolve("journal");
    }

    private Journal open() throws Exception {
        return Journal.open(settings(dir()), clock, listener);
    }

    static Appended await(CompletableFuture<Appended> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void appendedBatchReadsBackWithIdenticalBytes() throws Exception {
        Batch batch = new Batch("audit.k8s.io/v1beta1",
                List.of("{\"auditID\":\"ä-1\"}".getBytes(StandardCharsets.UTF_8), new byte[0]), new byte[] {1, 2, 3});
        try (Journal journal = open(); JournalTailer tailer = journal.tailer("logfile")) {
            assertThat(await(journal.append(batch))).isEqualTo(Appended.STORED);

            JournalEntry entry = tailer.next();
            assertThat(entry.index()).isEqualTo(journal.lastIndex());
            assertThat(entry.batch().apiVersion()).isEqualTo("audit.k8s.io/v1beta1");
            assertThat(entry.batch().items()).hasSize(2);
            assertThat(entry.batch().items().get(0)).isEqualTo(batch.items().get(0));
            assertThat(entry.batch().items().get(1)).isEmpty();
            assertThat(entry.batch().digest()).isEqualTo(new byte[] {1, 2, 3});
            assertThat(tailer.next()).isNull();
            assertThat(listener.appendedEvents.get()).isEqualTo(2);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
    }

    @Test
    void aTailerWaitingForTheNextEntryIsWokenByItsAcknowledgement() throws Exception {
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try (Journal journal = open()) {
            await(journal.append(batch("body-0", "id-0")));
            CompletableFuture<Thread> parked = new CompletableFuture<>();
            Future<String> read = consumer.submit(() -> {
                try (JournalTailer tailer = journal.tailer("logfile")) {
                    tailer.next();
                    assertThat(tailer.next()).isNull();
                    parked.complete(Thread.currentThread());
                    // a minute: only the journal's wake-up ends this wait within the test's timeout
                    tailer.awaitNext(TimeUnit.MINUTES.toNanos(1));
                    JournalEntry entry = tailer.next();
                    return entry == null ? null : new String(entry.batch().items().get(0), StandardCharsets.UTF_8);
                }
            });
            Thread waiter = parked.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 1_000 && waiter.getState() != Thread.State.TIMED_WAITING; i++) {
                Thread.sleep(5);
            }
            await(journal.append(batch("body-1", "id-1")));
            assertThat(read.get(20, TimeUnit.SECONDS)).contains("id-1");
        } finally {
            consumer.shutdownNow();
        }
    }

    @Test
    void aTailerWithAnEntryReadableDoesNotWait() throws Exception {
        try (Journal journal = open(); JournalTailer tailer = journal.tailer("logfile")) {
            await(journal.append(batch("body-0", "id-0")));
            tailer.next();
            await(journal.append(batch("body-1", "id-1")));
            CompletableFuture<Void> waited = CompletableFuture.runAsync(
                    () -> tailer.awaitNext(TimeUnit.MINUTES.toNanos(1)));
            waited.get(20, TimeUnit.SECONDS);
            assertThat(new String(tailer.next().batch().items().get(0), StandardCharsets.UTF_8)).contains("id-1");
        }
    }

    @Test
    void reopenedJournalReadsEverythingInOrder() throws Exception {
        long last;
        try (Journal journal = open()) {
            for (int i = 0; i < 3; i++) {
                await(journal.append(batch("body-" + i, "id-" + i)));
            }
            last = journal.lastIndex();
        }
        try (Journal journal = open(); JournalTailer tailer = journal.tailer("logfile")) {
            assertThat(journal.lastIndex()).isEqualTo(last);
            for (int i = 0; i < 3; i++) {
                assertThat(new String(tailer.next().batch().items().get(0), StandardCharsets.UTF_8)).contains("id-" + i);
            }
            assertThat(tailer.next()).isNull();
        }
    }

    @Test
    void namedTailerResumesAfterTheLastEntryItReturned() throws Exception {
        try (Journal journal = open(); JournalTailer tailer = journal.tailer("logfile")) {
            for (int i = 0; i < 3; i++) {
                await(journal.append(batch("body-" + i, "id-" + i)));
            }
            tailer.next();
            tailer.next();
        }
        try (Journal journal = open();
             JournalTailer logfile = journal.tailer("logfile");
             JournalTailer other = journal.tailer("other")) {
            assertThat(new String(logfile.next().batch().items().get(0), StandardCharsets.UTF_8)).contains("id-2");
            assertThat(logfile.next()).isNull();
            assertThat(new String(other.next().batch().items().get(0), StandardCharsets.UTF_8)).contains("id-0");
        }
    }

    @Test
    void moveToIndexPositionsTheTailerAndRefusesAMissingIndex() throws Exception {
        try (Journal journal = open(); JournalTailer tailer = journal.tailer("logfile")) {
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                await(journal.append(batch("body-" + i, "id-" + i)));
                indexes.add(tailer.next().index());
            }
            assertThat(tailer.moveToIndex(indexes.get(1))).isTrue();
            assertThat(tailer.next().index()).isEqualTo(indexes.get(1));
            assertThat(tailer.moveToIndex(indexes.get(2) + 1000)).isFalse();
            tailer.moveToStart();
            assertThat(tailer.next().index()).isEqualTo(indexes.get(0));
        }
    }

    @Test
    void newerFormatVersionStopsOpenWithAClearMessage() throws Exception {
        try (Journal journal = open()) {
            await(journal.append(batch("one", "a")));
        }
        long index = appendRawDocument(7);
        assertThatThrownBy(this::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("journal document at index " + index
                        + " has format version 7; this agent reads up to 1: upgrade the agent");
    }

    @Test
    void newerFormatVersionStopsReadingAndStaysUnread() throws Exception {
        try (Journal journal = open(); JournalTailer tailer = journal.tailer("logfile")) {
            await(journal.append(batch("one", "a")));
            long index = appendRawDocument(7);
            // Consumers read only what the journal acknowledged: one more batch makes the raw document readable.
            await(journal.append(batch("two", "b")));
            assertThat(tailer.next()).isNotNull();
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(tailer::next)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("at index " + index + " has format version 7; this agent reads up to 1");
            }
        }
    }

    /** Writes a document of the given format version straight through Chronicle, as a newer agent would. */
    private long appendRawDocument(int version) {
        try (SingleChronicleQueue raw = Journal.queueBuilder(dir(), clock, Journal.BLOCK_SIZE).build();
             ExcerptAppender appender = raw.createAppender()) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeInt(version).writeLong(42);
            }
            return appender.lastIndexAppended();
        }
    }

    @Test
    void syncAlwaysWithConcurrentAppendersCompletesEveryBatchReadably() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Journal journal = Journal.open(settings(dir(), 1L << 40, 0, SyncMode.ALWAYS, TestJournals.WINDOW),
                clock, listener); JournalTailer tailer = journal.tailer("logfile")) {
            List<Future<List<Appended>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> appendMany(journal, thread, 25)));
            }
            for (Future<List<Appended>> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).hasSize(25).containsOnly(Appended.STORED);
            }
            Set<String> seen = new HashSet<>();
            for (JournalEntry e = tailer.next(); e != null; e = tailer.next()) {
                seen.add(new String(e.batch().items().get(0), StandardCharsets.UTF_8));
            }
            assertThat(seen).hasSize(200);
            assertThat(listener.syncedBatches.get()).isEqualTo(200);
            assertThat(listener.syncs.get()).isBetween(1, 200);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Appended> appendMany(Journal journal, int thread, int count) throws Exception {
        List<CompletableFuture<Appended>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(journal.append(batch("t" + thread + "-" + i, "t" + thread + "-" + i)));
        }
        List<Appended> out = new ArrayList<>();
        for (CompletableFuture<Appended> f : futures) {
            out.add(await(f));
        }
        return out;
    }

    @Test
    void closeFinishesQueuedAppendsThenRefusesNewOnes() throws Exception {
        Journal journal = open();
        List<CompletableFuture<Appended>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(journal.append(batch("body-" + i, "id-" + i)));
        }
        journal.close();
        for (CompletableFuture<Appended> f : futures) {
            assertThat(f).isCompletedWithValue(Appended.STORED);
        }
        CompletableFuture<Appended> late = journal.append(batch("late", "x"));
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("is closed");
        journal.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("journal-writer"));
    }

    @Test
    void batchOverTheDocumentLimitFailsAndIsReported() throws Exception {
        try (Journal journal = Journal.open(settings(dir()), clock, listener, 1L << 20)) {
            Batch big = new Batch(TestJournals.API, List.of(new byte[300_000]), new byte[] {9});
            CompletableFuture<Appended> first = journal.append(big);
            CompletableFuture<Appended> second = journal.append(big);
            for (CompletableFuture<Appended> f : List.of(first, second)) {
                assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("over the journal's document limit of 262144 bytes");
            }
            assertThat(listener.failures).hasSize(2);
            assertThat(journal.lastIndex()).isEqualTo(-1);
            assertThat(await(journal.append(batch("small", "a")))).isEqualTo(Appended.STORED);
        }
    }
}
