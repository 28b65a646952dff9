package dev.kubeaudit.agent.journal;

import static dev.kubeaudit.agent.journal.TestJournals.WINDOW;
import static dev.kubeaudit.agent.journal.TestJournals.batch;
import static dev.kubeaudit.agent.journal.TestJournals.settings;
import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.AgentConfig.SyncMode;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink.Appended;
import dev.kubeaudit.agent.ingest.SinkUnavailableException;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.testing.MutableClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal under sync: always when its force is held or fails, and when its thread dies: nothing
 * unforced is readable, nothing appended is released, nobody waits forever.
 */
class JournalFailureTest {
    @TempDir
    Path tmp;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final List<String> fatal = new CopyOnWriteArrayList<>();
    final FatalFailures recording = (component, cause) -> fatal.add(component + ": " + cause);

    private AgentConfig.Journal always() {
        return settings(tmp.resolve("journal"), 1L << 30, 0, SyncMode.ALWAYS, WINDOW);
    }

    private Journal open(JournalWriter.Force force) throws IOException {
        return Journal.open(always(), clock, JournalListener.NONE, Journal.BLOCK_SIZE, recording, force);
    }

    /** A force that waits until released; interrupted, it fails as an interrupted fsync would. */
    private static final class HeldForce implements JournalWriter.Force {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void force(java.nio.channels.FileChannel channel, Path file) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("force interrupted");
            }
            channel.force(false);
        }
    }

    private static Throwable failureOf(CompletableFuture<Appended> f) throws InterruptedException {
        try {
            f.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected the append to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("append still unanswered after 20 s", e);
        }
    }

    @Test
    void consumersReadABatchOnlyOnceItsForceIsDone() throws Exception {
        HeldForce force = new HeldForce();
        try (Journal journal = open(force); JournalTailer tailer = journal.tailer("logfile")) {
            CompletableFuture<Appended> appended = journal.append(batch("held", "id-1"));
            assertThat(force.entered.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(journal.lastIndex()).as("appended, not yet forced").isGreaterThanOrEqualTo(0);
            assertThat(tailer.next()).as("an unforced batch is not readable").isNull();
            assertThat(appended).isNotDone();

            force.release.countDown();
            assertThat(appended.get(20, TimeUnit.SECONDS)).isEqualTo(Appended.STORED);
            JournalEntry entry = tailer.next();
            assertThat(entry).isNotNull();
            assertThat(entry.index()).isEqualTo(journal.lastIndex());
        }
    }

    @Test
    void aFailedForceFailsTheJournalForGoodAndKeepsTheBatchClaimed() throws Exception {
        Batch first = batch("forced-ok", "id-1");
        Batch failing = batch("force-fails", "id-2");
        long failingIndex;
        try (Journal journal = open(new FailingSecondForce())) {
            assertThat(journal.append(first).get(20, TimeUnit.SECONDS)).isEqualTo(Appended.STORED);
            assertThat(failureOf(journal.append(failing))).isInstanceOf(SinkUnavailableException.class);
            failingIndex = journal.lastIndex();

            assertThat(journal.failure()).hasMessage("Input/output error");
            assertThat(journal.isOpen()).isFalse();
            assertThat(fatal).singleElement().asString().startsWith(JournalWriter.THREAD_NAME + ": ");
            // The same batch sent again is not appended a second time, nor is any other.
            assertThat(failureOf(journal.append(failing))).isInstanceOf(SinkUnavailableException.class);
            assertThat(failureOf(journal.append(batch("later", "id-3")))).isInstanceOf(SinkUnavailableException.class);
            assertThat(journal.lastIndex()).isEqualTo(failingIndex);
            try (JournalTailer tailer = journal.tailer("logfile")) {
                assertThat(tailer.next().batch().digest()).isEqualTo(first.digest());
                assertThat(tailer.next()).as("the batch whose force failed is not readable").isNull();
            }
        }
        // After a restart the batch is what the disk holds: here it survived, so a re-send is a duplicate.
        try (Journal journal = Journal.open(always(), clock, JournalListener.NONE)) {
            assertThat(journal.lastIndex()).isEqualTo(failingIndex);
            assertThat(journal.append(failing).get(20, TimeUnit.SECONDS)).isEqualTo(Appended.DUPLICATE);
            assertThat(journal.lastIndex()).isEqualTo(failingIndex);
        }
    }

    /** Forces once, then fails as a disk that lost the pages would. */
    private static final class FailingSecondForce implements JournalWriter.Force {
        private int calls;

        @Override
        public void force(java.nio.channels.FileChannel channel, Path file) throws IOException {
            if (++calls >= 2) {
                throw new IOException("Input/output error");
            }
            channel.force(false);
        }
    }

    @Test
    void anInterruptedJournalThreadAnswersEveryQueuedRequestWith503() throws Exception {
        HeldForce force = new HeldForce();
        try (Journal journal = open(force)) {
            List<CompletableFuture<Appended>> pending = new ArrayList<>();
            pending.add(journal.append(batch("in-force", "id-0")));
            assertThat(force.entered.await(20, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 5; i++) {
                pending.add(journal.append(batch("queued-" + i, "id-" + i)));
            }
            journalThread().interrupt();
            for (CompletableFuture<Appended> f : pending) {
                assertThat(failureOf(f)).isInstanceOf(SinkUnavailableException.class);
            }
            assertThat(fatal).singleElement().asString().contains("force interrupted");
            assertThatThrownBy(() -> journal.append(batch("after", "id-9")).get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SinkUnavailableException.class);
        }
        awaitUntil(Duration.ofSeconds(10), () -> !journalThreadAlive(), "the journal thread ended");
    }

    @Test
    void aJournalThreadInterruptedWhileIdleFailsTheJournal() throws Exception {
        try (Journal journal = open(JournalWriter.Force.FSYNC)) {
            assertThat(journal.append(batch("ok", "id-1")).get(20, TimeUnit.SECONDS)).isEqualTo(Appended.STORED);
            journalThread().interrupt();
            awaitUntil(Duration.ofSeconds(10), () -> !fatal.isEmpty(), "the interrupt reported");
            assertThat(failureOf(journal.append(batch("after", "id-2")))).isInstanceOf(SinkUnavailableException.class);
            assertThat(journal.isOpen()).isFalse();
        }
    }

    private static Thread journalThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(JournalWriter.THREAD_NAME))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one journal thread alive");
                })
                .orElseThrow(() -> new AssertionError("no journal thread"));
    }

    private static boolean journalThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(JournalWriter.THREAD_NAME));
    }
}
