package dev.kubeaudit.agent.journal;

import static dev.kubeaudit.agent.journal.JournalTest.await;
import static dev.kubeaudit.agent.journal.TestJournals.batch;
import static dev.kubeaudit.agent.journal.TestJournals.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.config.AgentConfig.SyncMode;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink.Refusal;
import dev.kubeaudit.agent.journal.TestJournals.RecordingListener;
import dev.kubeaudit.agent.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSpaceTest {
    @TempDir
    Path tmp;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final RecordingListener listener = new RecordingListener();

    private Path dir() {
        return tmp.resolve("journal");
    }

    @Test
    void journalIsFullUntilTheBacklogIsConsumed() throws Exception {
        Batch batch = batch("body", "a");
        long maxDiskBytes = batch.itemBytes() - 1;
        try (Journal journal = Journal.open(settings(dir(), maxDiskBytes, 0, SyncMode.NONE, TestJournals.WINDOW),
                clock, listener); JournalTailer tailer = journal.tailer("logfile")) {
            assertThat(journal.refusal()).isNull();
            await(journal.append(batch));
            assertThat(journal.refusal()).isEqualTo(Refusal.JOURNAL_FULL);
            assertThat(journal.backlogBytes()).isEqualTo(batch.itemBytes());

            JournalEntry entry = tailer.next();
            assertThat(journal.refusal()).isEqualTo(Refusal.JOURNAL_FULL);
            tailer.consumed(entry.index());
            assertThat(journal.refusal()).isNull();
            assertThat(journal.backlogBytes()).isZero();
            assertThat(journal.backlogEvents()).isZero();
        }
    }

    @Test
    void diskIsLowWhenFreeSpaceIsUnderTheMinimum() throws Exception {
        try (Journal journal = Journal.open(settings(dir(), 1L << 40, Long.MAX_VALUE, SyncMode.NONE,
                TestJournals.WINDOW), clock, listener)) {
            assertThat(journal.refusal()).isEqualTo(Refusal.DISK_LOW);
        }
        try (Journal journal = Journal.open(settings(dir(), 1L << 40, 1, SyncMode.NONE, TestJournals.WINDOW),
                clock, listener)) {
            assertThat(journal.refusal()).isNull();
        }
    }

    @Test
    void consumedCyclesOlderThanTheWindowAreDeletedButNeverTheCurrentOne() throws Exception {
        Duration window = Duration.ofMinutes(90);
        try (Journal journal = Journal.open(settings(dir(), 1L << 40, 0, SyncMode.NONE, window), clock, listener);
             JournalTailer tailer = journal.tailer("logfile")) {
            await(journal.append(batch("at-10", "a")));                  // cycle 10:00
            long first = tailer.next().index();
            clock.advance(Duration.ofHours(2));
            await(journal.append(batch("at-12", "b")));                  // cycle 12:00
            tailer.consumed(tailer.next().index());
            assertThat(cycleFiles()).containsExactly("20260501-10L.cq4", "20260501-12L.cq4");
            assertThat(listener.deleted).isEmpty();                     // 10:00-11:00 is inside 10:30-12:00

            clock.advance(Duration.ofHours(1));
            await(journal.append(batch("at-13", "c")));                  // cycle 13:00
            long last = tailer.next().index();
            tailer.consumed(last);
            assertThat(cycleFiles()).containsExactly("20260501-12L.cq4", "20260501-13L.cq4");
            assertThat(listener.deleted).containsExactly(dir().resolve("20260501-10L.cq4"));

            clock.advance(Duration.ofHours(5));
            tailer.consumed(last);                                      // no progress: nothing changes
            assertThat(cycleFiles()).hasSize(2);
            assertThat(tailer.moveToIndex(first)).isFalse();
            tailer.moveToStart();
            assertThat(tailer.next().batch().digest()).isEqualTo(TestJournals.sha256("at-12"));
        }
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void backlogAndDiskBytesAreKnownRightAfterARestart() throws Exception {
        Batch one = batch("one", "a", "b");
        Batch two = batch("two", "c", "d", "e");
        Batch three = batch("three", "f", "g", "h", "i");
        long last;
        try (Journal journal = Journal.open(settings(dir()), clock, listener);
             JournalTailer tailer = journal.tailer("logfile")) {
            assertThat(journal.lastIndex()).isEqualTo(-1);
            for (Batch b : new Batch[] {one, two, three}) {
                await(journal.append(b));
            }
            tailer.consumed(tailer.next().index());
            last = journal.lastIndex();
        }
        try (Journal journal = Journal.open(settings(dir()), clock, listener)) {
            assertThat(journal.lastIndex()).isEqualTo(last);
            assertThat(journal.backlogEvents()).isEqualTo(7);
            assertThat(journal.backlogBytes()).isEqualTo(two.itemBytes() + three.itemBytes());
            assertThat(journal.diskBytes()).isBetween(one.itemBytes() + two.itemBytes() + three.itemBytes(),
                    4L << 20);
        }
    }

    @Test
    void consumedRejectsAnIndexThatIsNotInTheJournal() throws Exception {
        try (Journal journal = Journal.open(settings(dir()), clock, listener);
             JournalTailer tailer = journal.tailer("logfile")) {
            await(journal.append(batch("one", "a")));
            long index = journal.lastIndex();
            assertThatThrownBy(() -> tailer.consumed(index + 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("consumed index " + (index + 5));
            tailer.consumed(index);
            assertThat(journal.backlogEvents()).isZero();
        }
    }

    private java.util.List<String> cycleFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }
}
