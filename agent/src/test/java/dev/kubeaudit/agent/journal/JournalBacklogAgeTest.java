package dev.kubeaudit.agent.journal;

import static dev.kubeaudit.agent.journal.TestJournals.batch;
import static dev.kubeaudit.agent.journal.TestJournals.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.journal.TestJournals.RecordingListener;
import dev.kubeaudit.agent.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Journal#backlogAge()}: the wait of the oldest batch not yet consumed, by the clock. */
class JournalBacklogAgeTest {
    @TempDir
    Path tmp;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

    private Journal open() throws Exception {
        return Journal.open(settings(tmp.resolve("journal")), clock, new RecordingListener());
    }

    private static void append(Journal journal, String id) throws Exception {
        journal.append(batch("body-" + id, id)).get(20, TimeUnit.SECONDS);
    }

    @Test
    void isTheWaitOfTheOldestBatchNotYetConsumed() throws Exception {
        try (Journal journal = open(); JournalTailer tailer = journal.tailer("logfile")) {
            assertThat(journal.backlogAge()).as("empty journal").isZero();
            append(journal, "a");
            clock.advance(Duration.ofSeconds(30));
            append(journal, "b");
            clock.advance(Duration.ofSeconds(15));
            assertThat(journal.backlogAge()).as("a waits").isEqualTo(Duration.ofSeconds(45));

            tailer.consumed(tailer.next().index());
            assertThat(journal.backlogAge()).as("b waits").isEqualTo(Duration.ofSeconds(15));
            clock.advance(Duration.ofSeconds(5));
            assertThat(journal.backlogAge()).as("still b, remembered").isEqualTo(Duration.ofSeconds(20));

            tailer.consumed(tailer.next().index());
            assertThat(journal.backlogAge()).as("everything consumed").isZero();
        }
    }

    @Test
    void isKnownAgainAfterARestart() throws Exception {
        try (Journal journal = open(); JournalTailer tailer = journal.tailer("logfile")) {
            append(journal, "a");
            clock.advance(Duration.ofMinutes(1));
            append(journal, "b");
            tailer.consumed(tailer.next().index());
        }
        clock.advance(Duration.ofMinutes(2));
        try (Journal journal = open()) {
            assertThat(journal.backlogAge()).as("b, appended 2 minutes ago").isEqualTo(Duration.ofMinutes(2));
        }
    }
}
