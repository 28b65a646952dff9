package dev.kubeaudit.agent.journal;

import static dev.kubeaudit.agent.journal.TestJournals.batch;
import static dev.kubeaudit.agent.journal.TestJournals.settings;
import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.journal.TestJournals.RecordingListener;
import dev.kubeaudit.agent.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only reader beside the journal: it sees what is appended and changes nothing. */
class JournalReaderTest {
    @TempDir
    Path tmp;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final RecordingListener listener = new RecordingListener();

    private Path dir() {
        return tmp.resolve("journal");
    }

    @Test
    void readsWhatIsAppendedWhileTheWritersPositionStaysWhereItWas() throws Exception {
        try (Journal journal = Journal.open(settings(dir()), clock, listener)) {
            for (int i = 0; i < 3; i++) {
                journal.append(batch("b" + i, "e" + i)).get(20, TimeUnit.SECONDS);
            }
            try (JournalTailer writer = journal.tailer("logfile")) {
                writer.consumed(writer.next().index());
            }
            long backlog = journal.backlogEvents();
            List<String> seen = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(dir())) {
                readAll(reader, seen);
                assertThat(seen).containsExactly("b0", "b1", "b2");
                journal.append(batch("b3", "e3")).get(20, TimeUnit.SECONDS);
                awaitUntil(Duration.ofSeconds(10), () -> readAll(reader, seen) > 0, "the reader sees the new batch");
            }
            assertThat(seen).containsExactly("b0", "b1", "b2", "b3");
            assertThat(journal.backlogEvents()).isEqualTo(backlog + 1);
            try (JournalTailer writer = journal.tailer("logfile")) {
                assertThat(note(writer.next())).as("the writer resumes after what it consumed").isEqualTo("b1");
            }
        }
    }

    @Test
    void readingChangesNoByteOfTheJournal() throws Exception {
        try (Journal journal = Journal.open(settings(dir()), clock, listener)) {
            journal.append(batch("b0", "e0", "e1")).get(20, TimeUnit.SECONDS);
            try (JournalTailer writer = journal.tailer("logfile")) {
                writer.consumed(writer.next().index());
            }
        }
        Map<String, String> before = files(dir());
        try (JournalReader reader = JournalReader.open(dir())) {
            assertThat(readAll(reader, new ArrayList<>())).isEqualTo(1);
            assertThat(reader.startAtLastEvents(1)).isEqualTo(1);
        }
        Map<String, String> after = files(dir());
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, value) -> assertThat(after.get(name)).as(name).isEqualTo(value));
    }

    @Test
    void startsAtTheLastEventsAskedFor() throws Exception {
        try (Journal journal = Journal.open(settings(dir()), clock, listener)) {
            journal.append(batch("two", "a", "b")).get(20, TimeUnit.SECONDS);
            journal.append(batch("three", "c", "d", "e")).get(20, TimeUnit.SECONDS);
            journal.append(batch("four", "f", "g", "h", "i")).get(20, TimeUnit.SECONDS);
            try (JournalReader reader = JournalReader.open(dir())) {
                assertThat(reader.startAtLastEvents(5)).isEqualTo(2);
                assertThat(note(reader.next())).isEqualTo("three");
                assertThat(reader.startAtLastEvents(100)).isZero();
                assertThat(note(reader.next())).isEqualTo("two");
                assertThat(reader.startAtLastEvents(0)).isZero();
                assertThat(reader.next()).isNull();
            }
        }
    }

    @Test
    void aFolderWithoutAJournalIsAnError() throws IOException {
        Files.createDirectories(dir());
        assertThatThrownBy(() -> JournalReader.open(dir())).isInstanceOf(IOException.class)
                .hasMessageContaining("No journal in " + dir());
    }

    /** Reads what is there; returns how many entries that was. */
    private static int readAll(JournalReader reader, List<String> notes) {
        int n = 0;
        for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
            notes.add(note(e));
            n++;
        }
        return n;
    }

    private static String note(JournalEntry entry) {
        String item = new String(entry.batch().items().get(0), StandardCharsets.UTF_8);
        return item.substring(item.indexOf("\"note\":\"") + 8, item.lastIndexOf('"'));
    }

    /**
     * The metadata file (positions, consumed counts) byte for byte; cycle files, sparse and mapped in
     * 512 MiB blocks, by size and modification time.
     */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                files.put(name, name.endsWith(".cq4t") ? HexFormat.of().formatHex(Files.readAllBytes(p))
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }
}
