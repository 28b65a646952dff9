package dev.kubeaudit.agent.journal;

import static dev.kubeaudit.agent.journal.JournalTest.await;
import static dev.kubeaudit.agent.journal.TestJournals.batch;
import static dev.kubeaudit.agent.journal.TestJournals.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig.SyncMode;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink.Appended;
import dev.kubeaudit.agent.journal.TestJournals.RecordingListener;
import dev.kubeaudit.agent.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalDedupTest {
    @TempDir
    Path tmp;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final RecordingListener listener = new RecordingListener();

    private Journal open() throws Exception {
        return Journal.open(settings(tmp.resolve("journal")), clock, listener);
    }

    @Test
    void sameBodyWithinTheWindowIsADuplicateAndNotAppended() throws Exception {
        try (Journal journal = open()) {
            assertThat(await(journal.append(batch("body", "a", "b")))).isEqualTo(Appended.STORED);
            long last = journal.lastIndex();
            clock.advance(Duration.ofMinutes(9));
            assertThat(await(journal.append(batch("body", "a", "b")))).isEqualTo(Appended.DUPLICATE);
            assertThat(journal.lastIndex()).isEqualTo(last);
            assertThat(journal.backlogEvents()).isEqualTo(2);
            assertThat(listener.duplicates.get()).isEqualTo(1);
        }
    }

    @Test
    void sameBodyAfterTheWindowIsStoredAgain() throws Exception {
        try (Journal journal = open()) {
            await(journal.append(batch("body", "a")));
            clock.advance(TestJournals.WINDOW);
            assertThat(await(journal.append(batch("body", "a")))).isEqualTo(Appended.STORED);
            assertThat(journal.backlogEvents()).isEqualTo(2);
        }
    }

    @Test
    void windowSurvivesARestart() throws Exception {
        try (Journal journal = open()) {
            await(journal.append(batch("old", "a")));
            clock.advance(Duration.ofMinutes(5));
            await(journal.append(batch("body", "a")));
        }
        clock.advance(Duration.ofMinutes(6));                      // "old" is 11 min old, "body" 6 min
        try (Journal journal = open()) {
            assertThat(await(journal.append(batch("body", "a")))).isEqualTo(Appended.DUPLICATE);
            assertThat(await(journal.append(batch("old", "a")))).isEqualTo(Appended.STORED);
            clock.advance(Duration.ofMinutes(4));
            assertThat(await(journal.append(batch("body", "a")))).isEqualTo(Appended.STORED);
        }
    }

    @Test
    void differentBodyWithTheSameAuditIdsIsStored() throws Exception {
        try (Journal journal = open()) {
            assertThat(await(journal.append(batch("first body", "id-1", "id-2")))).isEqualTo(Appended.STORED);
            assertThat(await(journal.append(batch("second body", "id-1", "id-2")))).isEqualTo(Appended.STORED);
            assertThat(journal.backlogEvents()).isEqualTo(4);
        }
    }

    @Test
    void identicalBatchesAppendedConcurrentlyAreStoredOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Journal journal = Journal.open(settings(tmp.resolve("journal"), 1L << 40, 0, SyncMode.ALWAYS,
                TestJournals.WINDOW), clock, listener); JournalTailer tailer = journal.tailer("logfile")) {
            for (int round = 0; round < 5; round++) {
                Batch batch = batch("round-" + round, "a");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Appended>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return await(journal.append(batch));
                    }));
                }
                start.countDown();
                List<Appended> outcomes = new ArrayList<>();
                for (Future<Appended> r : results) {
                    outcomes.add(r.get(20, TimeUnit.SECONDS));
                }
                assertThat(outcomes).containsExactlyInAnyOrder(Appended.STORED, Appended.DUPLICATE);
            }
            int entries = 0;
            while (tailer.next() != null && entries < 100) {
                entries++;
            }
            assertThat(entries).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waiterAppendsItselfWhenTheIdenticalBatchBeforeItFailed() {
        DigestWindow window = new DigestWindow(60_000);
        byte[] digest = {1};
        DigestWindow.Claim owner = window.claim(digest, 0);
        DigestWindow.Claim waiter = window.claim(digest, 0);
        assertThat(owner.kind()).isEqualTo(DigestWindow.Claim.Kind.OWNER);
        assertThat(waiter.kind()).isEqualTo(DigestWindow.Claim.Kind.WAIT);
        assertThat(waiter.future()).isSameAs(owner.future());

        window.released(digest);
        DigestWindow.Claim retry = window.claim(digest, 1);
        assertThat(retry.kind()).isEqualTo(DigestWindow.Claim.Kind.OWNER);
        window.stored(digest, 1);
        assertThat(window.claim(digest, 60_000).kind()).isEqualTo(DigestWindow.Claim.Kind.DUPLICATE);
        assertThat(window.claim(digest, 60_001).kind()).isEqualTo(DigestWindow.Claim.Kind.OWNER);
        assertThat(window.size()).isZero();
    }
}
