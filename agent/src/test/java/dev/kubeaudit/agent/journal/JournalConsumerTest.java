package dev.kubeaudit.agent.journal;

import static dev.kubeaudit.agent.journal.JournalTest.await;
import static dev.kubeaudit.agent.journal.TestJournals.batch;
import static dev.kubeaudit.agent.journal.TestJournals.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.AgentConfig.SyncMode;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink.Refusal;
import dev.kubeaudit.agent.journal.ConsumerSettings.Overflow;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registered consumers besides the log writer: positions, cycle files, backlog, bounds and skip-ahead. */
class JournalConsumerTest {
    @TempDir
    Path tmp;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final Recording listener = new Recording();

    /** Records deletions, skips and failures. Thread-safe. */
    static final class Recording implements JournalListener {
        final List<Path> deleted = new CopyOnWriteArrayList<>();
        final List<String> skips = new CopyOnWriteArrayList<>();
        final List<String> dropped = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void cycleDeleted(Path file) {
            deleted.add(file);
        }

        @Override
        public void consumerSkipped(String consumer, long events, long bytes, boolean episodeStart) {
            skips.add(consumer + " " + events + " " + bytes + (episodeStart ? " start" : ""));
        }

        @Override
        public void consumerDropped(String consumer, long index) {
            dropped.add(consumer + " " + index);
        }

        @Override
        public void failure(String operation, Exception e) {
            failures.add(operation + ": " + e);
        }
    }

    private Path dir() {
        return tmp.resolve("journal");
    }

    private Journal open(ConsumerSettings... consumers) throws Exception {
        return open(settings(dir(), 1L << 40, 0, SyncMode.NONE, Duration.ZERO), consumers);
    }

    private Journal open(AgentConfig.Journal journal, ConsumerSettings... consumers) throws Exception {
        return Journal.open(journal, clock, listener, FatalFailures.NONE, List.of(consumers));
    }

    private static ConsumerSettings bytesBound(String name, long maxBytes) {
        return new ConsumerSettings(name, maxBytes, Duration.ZERO, Overflow.SKIP);
    }

    /** Appends one batch and returns its index. */
    private static long append(Journal journal, Batch batch) throws Exception {
        await(journal.append(batch));
        return journal.lastIndex();
    }

    @Test
    void cycleFilesStayUntilTheWriterAndEveryConsumerArePastThem() throws Exception {
        try (Journal journal = open(ConsumerSettings.unbounded("a"), ConsumerSettings.unbounded("b"));
             JournalTailer writer = journal.tailer("logfile");
             JournalConsumer a = journal.consumer("a");
             JournalConsumer b = journal.consumer("b")) {
            long at10 = append(journal, batch("at-10", "e1"));
            clock.advance(Duration.ofHours(1));
            long at11 = append(journal, batch("at-11", "e2"));
            clock.advance(Duration.ofHours(1));
            long at12 = append(journal, batch("at-12", "e3"));
            writer.consumed(at12);
            assertThat(a.next().index()).isEqualTo(at10);
            assertThat(a.next().index()).isEqualTo(at11);
            assertThat(a.next().index()).isEqualTo(at12);
            a.commit(at12);
            assertThat(cycleFiles()).as("b has committed nothing")
                    .containsExactly("20260501-10L.cq4", "20260501-11L.cq4", "20260501-12L.cq4");

            assertThat(b.next().index()).isEqualTo(at10);
            b.commit(at10);
            assertThat(cycleFiles()).as("b still in 10:00").hasSize(3);
            assertThat(b.next().index()).isEqualTo(at11);
            b.commit(at11);
            assertThat(cycleFiles()).containsExactly("20260501-11L.cq4", "20260501-12L.cq4");
            b.commit(b.next().index());
            assertThat(cycleFiles()).containsExactly("20260501-12L.cq4");
            assertThat(listener.deleted).containsExactly(dir().resolve("20260501-10L.cq4"),
                    dir().resolve("20260501-11L.cq4"));
        }
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void theWriterStillPinsFilesItHasNotConsumed() throws Exception {
        try (Journal journal = open(ConsumerSettings.unbounded("a"));
             JournalTailer writer = journal.tailer("logfile");
             JournalConsumer a = journal.consumer("a")) {
            long at10 = append(journal, batch("at-10", "e1"));
            clock.advance(Duration.ofHours(1));
            long at11 = append(journal, batch("at-11", "e2"));
            a.commit(at11);
            assertThat(cycleFiles()).hasSize(2);
            writer.consumed(at10);
            assertThat(cycleFiles()).hasSize(2);
            writer.consumed(at11);
            assertThat(cycleFiles()).containsExactly("20260501-11L.cq4");
        }
    }

    @Test
    void positionsSurviveCloseAndReopen() throws Exception {
        Batch one = batch("one", "e1");
        Batch two = batch("two", "e2", "e3");
        Batch three = batch("three", "e4", "e5", "e6");
        long first;
        try (Journal journal = open(ConsumerSettings.unbounded("a"), ConsumerSettings.unbounded("b"));
             JournalConsumer a = journal.consumer("a")) {
            first = append(journal, one);
            append(journal, two);
            append(journal, three);
            assertThat(a.next().index()).isEqualTo(first);
            a.next(); // read, never committed: read again after the restart
            a.commit(first);
        }
        try (Journal journal = open(ConsumerSettings.unbounded("a"), ConsumerSettings.unbounded("b"));
             JournalConsumer a = journal.consumer("a");
             JournalConsumer b = journal.consumer("b")) {
            assertThat(journal.consumerBacklog("a")).isEqualTo(new ConsumerBacklog(5,
                    two.itemBytes() + three.itemBytes(), Duration.ZERO));
            assertThat(a.committedIndex()).isEqualTo(first);
            assertThat(a.next().batch().digest()).isEqualTo(two.digest());
            assertThat(b.committedIndex()).isEqualTo(-1);
            assertThat(b.next().batch().digest()).isEqualTo(one.digest());
            assertThat(journal.consumerBacklog("b").events()).isEqualTo(6);
        }
    }

    @Test
    void aNewConsumerStartsAtTheJournalsEnd() throws Exception {
        try (Journal journal = open()) {
            append(journal, batch("before", "e1"));
        }
        try (Journal journal = open(ConsumerSettings.unbounded("late"));
             JournalConsumer late = journal.consumer("late")) {
            assertThat(journal.consumerBacklog("late")).isEqualTo(new ConsumerBacklog(0, 0, Duration.ZERO));
            assertThat(late.next()).isNull();
            Batch after = batch("after", "e2");
            append(journal, after);
            assertThat(late.next().batch().digest()).isEqualTo(after.digest());
        }
    }

    @Test
    void aConsumerNoLongerRegisteredStopsPinningFiles() throws Exception {
        long at11;
        try (Journal journal = open(ConsumerSettings.unbounded("gone"));
             JournalTailer writer = journal.tailer("logfile")) {
            append(journal, batch("at-10", "e1"));
            clock.advance(Duration.ofHours(1));
            at11 = append(journal, batch("at-11", "e2"));
            writer.consumed(at11);
            assertThat(cycleFiles()).as("pinned by 'gone'").hasSize(2);
        }
        try (Journal journal = open(ConsumerSettings.unbounded("kept"));
             JournalTailer writer = journal.tailer("logfile")) {
            assertThat(journal.consumerNames()).containsExactly("kept");
            assertThat(listener.dropped).containsExactly("gone -1");
            assertThatThrownBy(() -> journal.consumer("gone")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("consumer: 'gone'");
            clock.advance(Duration.ofHours(1));
            writer.consumed(append(journal, batch("at-12", "e3")));
            assertThat(cycleFiles()).as("'kept' started at 11:00's batch").containsExactly("20260501-11L.cq4",
                    "20260501-12L.cq4");
        }
        try (Journal journal = open(ConsumerSettings.unbounded("gone"));
             JournalConsumer gone = journal.consumer("gone")) {
            assertThat(gone.committedIndex()).as("its old position was dropped").isGreaterThan(at11);
            assertThat(listener.dropped).as("'kept' is dropped now; 'gone' once only").containsExactly("gone -1",
                    "kept " + at11);
            assertThat(journal.consumerBacklog("gone").events()).isZero();
        }
    }

    @Test
    void skipAheadMovesToTheOldestBatchWithinTheBoundAndCountsExactly() throws Exception {
        Batch one = batch("one", "e1");
        Batch two = batch("two", "e2", "e3");
        Batch three = batch("three", "e4", "e5", "e6");
        Batch four = batch("four", "e7");
        long bound = three.itemBytes() + four.itemBytes();
        try (Journal journal = open(bytesBound("c", bound));
             JournalConsumer c = journal.consumer("c")) {
            append(journal, one);
            assertThat(c.next().batch().digest()).as("read, not committed").isEqualTo(one.digest());
            append(journal, two);
            assertThat(journal.skipAhead("c")).as("within the bound").isEqualTo(Skipped.NONE);
            append(journal, three);
            append(journal, four);

            assertThat(journal.skipAhead("c")).as("one was handed out: the consumer counts what it gives up of it")
                    .isEqualTo(new Skipped(2, two.itemBytes()));
            assertThat(journal.consumerBacklog("c").bytes()).isEqualTo(bound);
            assertThat(c.next().batch().digest()).as("continues after the new position").isEqualTo(three.digest());
            assertThat(journal.skipAhead("c")).isEqualTo(Skipped.NONE);

            Batch five = batch("five", "e8", "e9");
            append(journal, five);
            assertThat(journal.skipAhead("c")).as("past three only, which the consumer holds: nothing counted")
                    .isEqualTo(Skipped.NONE);
            assertThat(journal.consumerBacklog("c").events()).isEqualTo(3);
            assertThat(c.next().batch().digest()).isEqualTo(four.digest());
            c.commit(journal.lastIndex());
            Batch six = batch("six", "e10", "e11", "e12", "e13", "e14", "e15", "e16", "e17");
            assertThat(six.itemBytes()).isGreaterThan(bound);
            append(journal, six);
            assertThat(journal.skipAhead("c")).as("a batch larger than the bound is skipped whole")
                    .isEqualTo(new Skipped(8, six.itemBytes()));
            assertThat(c.next()).isNull();
            assertThat(listener.skips).containsExactly(
                    "c 2 " + two.itemBytes() + " start",
                    "c 8 " + six.itemBytes() + " start");
        }
    }

    @Test
    void aSkipCountsOnlyWhatTheConsumerWasNotHandedAndAHandedBackEntryCountsAgain() throws Exception {
        Batch one = batch("one", "e1", "e2");
        Batch two = batch("two", "e3");
        Batch three = batch("three", "e4", "e5", "e6");
        Batch four = batch("four", "e7", "e8");
        try (Journal journal = open(bytesBound("c", 1));
             JournalConsumer c = journal.consumer("c")) {
            long oneAt = append(journal, one);
            long twoAt = append(journal, two);
            assertThat(c.next().index()).isEqualTo(oneAt);
            assertThat(c.next().index()).isEqualTo(twoAt);
            append(journal, three);

            assertThat(journal.skipAhead("c")).as("one and two are the consumer's: only three counts")
                    .isEqualTo(new Skipped(3, three.itemBytes()));
            assertThat(c.committedIndex()).isGreaterThan(twoAt);
            assertThat(c.handBack(twoAt)).as("passed by the skip: the consumer counts what it gives up").isTrue();
            assertThat(c.next()).isNull();

            long fourAt = append(journal, four);
            assertThat(c.next().index()).isEqualTo(fourAt);
            assertThat(c.handBack(fourAt)).as("not passed: the journal's again").isFalse();
            Batch five = batch("five", "e9");
            append(journal, five);
            assertThat(journal.skipAhead("c")).as("four was handed back: a skip counts it")
                    .isEqualTo(new Skipped(3, four.itemBytes() + five.itemBytes()));
        }
    }

    @Test
    void skipAheadByAgeKeepsTheBatchesAcceptedWithinMaxAge() throws Exception {
        Batch old1 = batch("old1", "e1");
        Batch old2 = batch("old2", "e2", "e3");
        Batch recent = batch("recent", "e4");
        try (Journal journal = open(new ConsumerSettings("c", 0, Duration.ofMinutes(5), Overflow.SKIP));
             JournalConsumer c = journal.consumer("c")) {
            append(journal, old1);                  // 10:00
            clock.advance(Duration.ofMinutes(3));
            append(journal, old2);                  // 10:03
            clock.advance(Duration.ofMinutes(3));
            append(journal, recent);                // 10:06
            assertThat(journal.consumerBacklog("c").age()).isEqualTo(Duration.ofMinutes(6));
            clock.advance(Duration.ofMinutes(3));   // 10:09: the cut is 10:04
            assertThat(journal.skipAhead("c")).isEqualTo(new Skipped(3, old1.itemBytes() + old2.itemBytes()));
            assertThat(journal.consumerBacklog("c")).isEqualTo(new ConsumerBacklog(1, recent.itemBytes(),
                    Duration.ofMinutes(3)));
            assertThat(c.next().batch().digest()).isEqualTo(recent.digest());
        }
    }

    @Test
    void aStuckSkippingConsumerNeverFillsTheJournalAndIsSkippedAsTheWriterMoves() throws Exception {
        Batch probe = batch("b0", "e0");
        long maxDiskBytes = 3 * probe.itemBytes();
        try (Journal journal = open(settings(dir(), maxDiskBytes, 0, SyncMode.NONE, Duration.ZERO),
                ConsumerSettings.unbounded("stuck"), bytesBound("bounded", 2 * probe.itemBytes()));
             JournalTailer writer = journal.tailer("logfile")) {
            long skippedEvents = 0;
            for (int i = 0; i < 10; i++) {
                Batch b = batch("b" + i, "e" + i);
                assertThat(b.itemBytes()).isEqualTo(probe.itemBytes());
                writer.consumed(append(journal, b));
                assertThat(journal.refusal()).as("after batch %d", i).isNull();
                assertThat(journal.consumerBacklog("bounded").bytes()).isLessThanOrEqualTo(2 * probe.itemBytes());
            }
            for (String skip : listener.skips) {
                skippedEvents += Long.parseLong(skip.split(" ")[1]);
            }
            assertThat(journal.consumerBacklog("stuck").bytes()).isEqualTo(10 * probe.itemBytes());
            assertThat(journal.consumerBacklog("bounded").events()).isEqualTo(2);
            assertThat(skippedEvents).isEqualTo(8);
            assertThat(listener.skips).allMatch(s -> s.startsWith("bounded ")).first().asString().endsWith("start");
            assertThat(listener.skips.stream().filter(s -> s.endsWith("start"))).hasSize(1);
        }
    }

    @Test
    void aStuckBlockingConsumerFillsTheJournalUntilItCommits() throws Exception {
        Batch probe = batch("b0", "e0");
        try (Journal journal = open(settings(dir(), 2 * probe.itemBytes(), 0, SyncMode.NONE, Duration.ZERO),
                new ConsumerSettings("blocking", probe.itemBytes(), Duration.ZERO, Overflow.BLOCK));
             JournalTailer writer = journal.tailer("logfile");
             JournalConsumer blocking = journal.consumer("blocking")) {
            for (int i = 0; i < 3; i++) {
                writer.consumed(append(journal, batch("b" + i, "e" + i)));
            }
            assertThat(journal.backlogBytes()).isZero();
            assertThat(journal.refusal()).as("past maxDiskBytes").isEqualTo(Refusal.JOURNAL_FULL);
            assertThat(journal.skipAhead("blocking")).as("never skipped").isEqualTo(Skipped.NONE);
            blocking.commit(blocking.next().index());
            assertThat(journal.refusal()).as("within maxDiskBytes, past its own maxBacklogBytes")
                    .isEqualTo(Refusal.JOURNAL_FULL);
            blocking.commit(blocking.next().index());
            assertThat(journal.refusal()).isNull();
        }
        assertThat(listener.skips).isEmpty();
    }

    @Test
    void aBlockingConsumerPastItsMaxAgeFillsTheJournalOnceTheWriterMoves() throws Exception {
        try (Journal journal = open(new ConsumerSettings("blocking", 0, Duration.ofMinutes(5), Overflow.BLOCK));
             JournalTailer writer = journal.tailer("logfile");
             JournalConsumer blocking = journal.consumer("blocking")) {
            writer.consumed(append(journal, batch("b0", "e0")));
            assertThat(journal.refusal()).isNull();
            clock.advance(Duration.ofMinutes(6));
            writer.consumed(append(journal, batch("b1", "e1")));
            assertThat(journal.refusal()).isEqualTo(Refusal.JOURNAL_FULL);
            blocking.commit(blocking.next().index());
            assertThat(journal.refusal()).as("b1 is new").isNull();
        }
    }

    @Test
    void aConsumerSlowerThanTheTrafficStaysInOneBehindEpisode() throws Exception {
        Batch probe = batch("b0", "e0");
        try (Journal journal = open(bytesBound("slow", 10 * probe.itemBytes()));
             JournalTailer writer = journal.tailer("logfile");
             JournalConsumer slow = journal.consumer("slow")) {
            for (int i = 0; i < 12; i++) {
                writer.consumed(append(journal, batch("b" + i % 10, "e" + i % 10, "x" + i)));
                if (i % 3 == 0) {
                    slow.commit(slow.next().index()); // one batch in three: once behind, more than half behind
                }
            }
            assertThat(listener.skips).hasSizeGreaterThan(1);
            assertThat(listener.skips.stream().filter(s -> s.endsWith("start"))).hasSize(1);
            JournalEntry next;
            for (int i = 0; i < 12 && (next = slow.next()) != null; i++) {
                slow.commit(next.index()); // catches up: the episode ends
            }
            assertThat(journal.consumerBacklog("slow").events()).isZero();
            for (int i = 0; i < 7; i++) {
                writer.consumed(append(journal, batch("c" + i, "f" + i, "y" + i)));
            }
            assertThat(listener.skips.stream().filter(s -> s.endsWith("start"))).hasSize(2);
        }
    }

    @Test
    void aSkippedPositionSurvivesReopen() throws Exception {
        Batch probe = batch("b0", "e0");
        ConsumerSettings c = bytesBound("c", probe.itemBytes());
        long position;
        try (Journal journal = open(c)) {
            for (int i = 0; i < 3; i++) {
                append(journal, batch("b" + i, "e" + i));
            }
            assertThat(journal.skipAhead("c")).isEqualTo(new Skipped(2, 2 * probe.itemBytes()));
            try (JournalConsumer consumer = journal.consumer("c")) {
                position = consumer.committedIndex();
            }
        }
        try (Journal journal = open(c); JournalConsumer reopened = journal.consumer("c")) {
            assertThat(reopened.committedIndex()).isEqualTo(position);
            assertThat(journal.consumerBacklog("c").events()).isEqualTo(1);
            assertThat(reopened.next().batch().digest()).isEqualTo(TestJournals.sha256("b2"));
        }
    }

    @Test
    void backlogIsKeptPerConsumer() throws Exception {
        Batch one = batch("one", "e1", "e2");
        Batch two = batch("two", "e3");
        try (Journal journal = open(ConsumerSettings.unbounded("a"), ConsumerSettings.unbounded("b"));
             JournalConsumer a = journal.consumer("a")) {
            assertThat(journal.consumerBacklog("a")).isEqualTo(new ConsumerBacklog(0, 0, Duration.ZERO));
            long first = append(journal, one);
            clock.advance(Duration.ofSeconds(30));
            append(journal, two);
            clock.advance(Duration.ofSeconds(15));
            a.commit(first);
            assertThat(journal.consumerBacklog("a")).isEqualTo(new ConsumerBacklog(1, two.itemBytes(),
                    Duration.ofSeconds(15)));
            assertThat(journal.consumerBacklog("b")).isEqualTo(new ConsumerBacklog(3,
                    one.itemBytes() + two.itemBytes(), Duration.ofSeconds(45)));
            assertThat(journal.backlogEvents()).as("the writer's own backlog").isEqualTo(3);
            a.commit(journal.lastIndex());
            assertThat(journal.consumerBacklog("a")).isEqualTo(new ConsumerBacklog(0, 0, Duration.ZERO));
        }
    }

    @Test
    void aConsumerOnItsOwnThreadReceivesEveryBatchInOrderWhileTheWriterConsumes() throws Exception {
        int batches = 200;
        try (Journal journal = open(ConsumerSettings.unbounded("fwd"));
             JournalTailer writer = journal.tailer("logfile")) {
            List<Long> received = new CopyOnWriteArrayList<>();
            Thread thread = new Thread(() -> {
                try (JournalConsumer fwd = journal.consumer("fwd")) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (received.size() < batches && System.nanoTime() < deadline) {
                        JournalEntry entry = fwd.next();
                        if (entry == null) {
                            fwd.awaitNext(Duration.ofMillis(100).toNanos());
                        } else {
                            received.add(entry.index());
                            fwd.commit(entry.index());
                        }
                    }
                }
            }, "test-forwarder");
            thread.start();
            List<Long> appended = new java.util.ArrayList<>();
            for (int i = 0; i < batches; i++) {
                long index = append(journal, batch("t" + i, "e" + i));
                appended.add(index);
                writer.consumed(index);
            }
            thread.join(Duration.ofSeconds(30).toMillis());
            assertThat(thread.isAlive()).isFalse();
            assertThat(received).containsExactlyElementsOf(appended);
            assertThat(journal.consumerBacklog("fwd")).isEqualTo(new ConsumerBacklog(0, 0, Duration.ZERO));
        }
        assertThat(listener.skips).isEmpty();
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void consumerSettingsAreChecked() {
        assertThatThrownBy(() -> ConsumerSettings.unbounded("has space")).hasMessageContaining("consumer name");
        assertThatThrownBy(() -> new ConsumerSettings("a", -1, Duration.ZERO, Overflow.SKIP))
                .hasMessage("consumer 'a' maxBacklogBytes: -1 (expected: >= 0)");
        assertThatThrownBy(() -> open(ConsumerSettings.unbounded("a"), ConsumerSettings.unbounded("a")))
                .hasMessageContaining("registered twice");
    }

    private List<String> cycleFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }
}
