package dev.kubeaudit.agent.writer;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalListener;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.logfile.LogFileListener;
import dev.kubeaudit.agent.logfile.LogFileSettings;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import dev.kubeaudit.agent.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer against a real journal and real files, including the states a crash leaves behind. */
class LogWriterTest {
    @TempDir
    Path dir;

    private Journal journal;
    private LogWriter writer;
    private final List<String> expected = new ArrayList<>();
    private int nextBatch;

    @BeforeEach
    void openJournal() throws IOException {
        journal = Journal.open(new AgentConfig.Journal(dir.resolve("journal"), 1L << 30, 0,
                AgentConfig.SyncMode.NONE, Duration.ofMinutes(10)), Clock.systemUTC(), JournalListener.NONE);
    }

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
        journal.close();
    }

    private Path active() {
        return dir.resolve("log").resolve("audit.log");
    }

    private LogWriter.Settings settings(long maxBytes) {
        return new LogWriter.Settings(new LogFileSettings(active(), maxBytes, 0, 0, Compression.NONE, 1, Duration.ZERO),
                false, dir.resolve("journal").resolve("logfile.checkpoint"));
    }

    private void startWriter(long maxBytes) {
        startWriter(maxBytes, LogWriterListener.NONE);
    }

    private void startWriter(long maxBytes, LogWriterListener listener) {
        writer = LogWriter.start(settings(maxBytes), Clock.systemUTC(), () -> journal.tailer("logfile"),
                listener, LogFileListener.NONE, p -> true);
    }

    private void stopWriter() {
        writer.close();
        writer = null;
    }

    private void append(int events) throws Exception {
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String line = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"b" + nextBatch + "-" + i
                    + "\",\"stage\":\"ResponseComplete\",\"level\":\"Metadata\"}";
            items.add(line.getBytes(StandardCharsets.UTF_8));
            expected.add(line);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(("batch " + nextBatch++).getBytes(StandardCharsets.UTF_8));
        journal.append(new Batch("audit.k8s.io/v1", items, digest)).get();
    }

    private void awaitAllWritten() {
        awaitUntil(Duration.ofSeconds(20), () -> lines().size() >= expected.size() && writer.caughtUp(),
                expected.size() + " lines written");
    }

    private List<String> lines() {
        try {
            return AuditLogFiles.lines(active());
        } catch (IOException | AssertionError e) {
            return List.of();
        }
    }

    @Test
    void writesEveryEventOnceInJournalOrderAndReleasesTheJournal() throws Exception {
        startWriter(0);
        for (int b = 0; b < 20; b++) {
            append(7);
        }
        awaitAllWritten();
        stopWriter();
        assertThat(lines()).containsExactlyElementsOf(expected);
        assertThat(journal.backlogEvents()).isZero();
    }

    @Test
    void aTornLastLineLeftByACrashIsCutAndWrittenAgainWhole() throws Exception {
        startWriter(0);
        append(5);
        awaitAllWritten();
        stopWriter();
        // What a crash mid-write leaves: a partial line after the checkpoint.
        Files.writeString(active(), "{\"kind\":\"Event\",\"apiVer", StandardOpenOption.APPEND);
        append(5);
        startWriter(0);
        awaitAllWritten();
        stopWriter();
        assertThat(Files.readString(active())).isEqualTo(String.join("\n", expected) + "\n");
    }

    /**
     * Writes {@code events} events, then {@code events} more, and puts the first run's checkpoint
     * back: the files now hold lines the checkpoint does not know of, as after a crash.
     */
    private void writeTwiceKeepingTheFirstCheckpoint(int events) throws Exception {
        startWriter(0);
        append(events);
        awaitAllWritten();
        stopWriter();
        Checkpoint before = Checkpoint.read(settings(0).checkpointFile()).orElseThrow();
        append(events);
        startWriter(0);
        awaitAllWritten();
        stopWriter();
        before.write(settings(0).checkpointFile());
    }

    @Test
    void linesWrittenAfterTheCheckpointAreKeptNotDoubled() throws Exception {
        // The process died before writing the newer checkpoint.
        writeTwiceKeepingTheFirstCheckpoint(5);
        append(3);
        startWriter(0);
        awaitAllWritten();
        stopWriter();
        assertThat(lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void aRotationTheCheckpointMissedIsRecognisedByItsBackup() throws Exception {
        // A crash right after the rename of a rotation: the old checkpoint, the file under its backup name.
        writeTwiceKeepingTheFirstCheckpoint(4);
        Files.move(active(), BackupNames.backupFor(active(), Instant.parse("2026-11-27T05:00:00Z")));
        append(4);
        startWriter(0);
        awaitAllWritten();
        stopWriter();
        assertThat(lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void aCompressedBackupIsOnlyReadDuringRecoveryNeverCut() throws Exception {
        writeTwiceKeepingTheFirstCheckpoint(4);
        Path backup = BackupNames.backupFor(active(), Instant.parse("2026-11-27T05:00:00Z"));
        Path gz = backup.resolveSibling(backup.getFileName() + ".gz");
        byte[] content = Files.readAllBytes(active());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(content);
        }
        Files.delete(active());
        byte[] compressed = Files.readAllBytes(gz);
        append(4);
        startWriter(0);
        awaitAllWritten();
        stopWriter();
        assertThat(Files.readAllBytes(gz)).isEqualTo(compressed);
        assertThat(lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void rotationsCheckpointSoEveryLineLandsOnceAcrossFiles() throws Exception {
        startWriter(400);
        for (int b = 0; b < 10; b++) {
            append(6);
        }
        awaitAllWritten();
        stopWriter();
        assertThat(BackupNames.list(active())).hasSizeGreaterThan(5);
        assertThat(lines()).containsExactlyElementsOf(expected);
        Checkpoint cp = Checkpoint.read(settings(400).checkpointFile()).orElseThrow();
        assertThat(cp.offset()).isEqualTo(Files.size(active()));
        assertThat(cp.lastBackup()).isEqualTo(BackupNames.list(active()).get(0).path().getFileName().toString());
    }

    /**
     * A power loss as the disk keeps it: audit.log and the checkpoint were forced, the journal's
     * files were not and come back as an earlier copy. Every line already written stays once, and
     * every batch appended after the restart is written although its index is one the checkpoint
     * had already passed.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 400})
    void aJournalThatLostItsTailIsReportedAndEveryLaterBatchIsWritten(long maxBytes) throws Exception {
        Path journalDir = dir.resolve("journal");
        Path earlier = dir.resolve("journal-as-the-disk-had-it");
        startWriter(maxBytes);
        for (int b = 0; b < 5; b++) {
            append(4);
        }
        awaitAllWritten();
        stopWriter();
        journal.close();
        copyJournalFiles(journalDir, earlier);
        long lostFrom;
        openJournal();
        startWriter(maxBytes);
        for (int b = 0; b < 5; b++) {
            append(4);
        }
        awaitAllWritten();
        stopWriter();
        long checkpointIndex = journal.lastIndex();
        journal.close();
        deleteJournalFiles(journalDir);
        copyJournalFiles(earlier, journalDir);
        openJournal();
        lostFrom = journal.lastIndex();
        assertThat(lostFrom).isLessThan(checkpointIndex);

        List<long[]> lost = new ArrayList<>();
        startWriter(maxBytes, tailLostInto(lost));
        // As in the agent: batches arrive only once the writer has recovered.
        writer.recovered().get(20, TimeUnit.SECONDS);
        for (int b = 0; b < 3; b++) {
            append(4);
        }
        awaitAllWritten();
        stopWriter();
        assertThat(lines()).containsExactlyElementsOf(expected);
        assertThat(lost).singleElement().satisfies(l -> assertThat(l).containsExactly(checkpointIndex, lostFrom));
        // The next start finds a consistent checkpoint: nothing lost, nothing reported again.
        lost.clear();
        append(2);
        startWriter(maxBytes, tailLostInto(lost));
        awaitAllWritten();
        stopWriter();
        assertThat(lines()).containsExactlyElementsOf(expected);
        assertThat(lost).isEmpty();
    }

    /**
     * The other way a checkpoint's index can be missing: its roll cycle was deleted (by hand; the
     * journal itself never deletes the cycle the writer stands in). That is no lost tail: the
     * writer starts at the oldest entry left and writes only what it has not written.
     */
    @Test
    void aCheckpointInADeletedCycleStartsAtTheOldestEntryAndReportsNoLostTail() throws Exception {
        MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
        journal.close();
        journal = Journal.open(new AgentConfig.Journal(dir.resolve("journal"), 1L << 30, 0,
                AgentConfig.SyncMode.NONE, Duration.ZERO), clock, JournalListener.NONE);
        startWriter(0);
        append(3);
        append(3);
        awaitAllWritten();
        stopWriter();
        clock.advance(Duration.ofHours(1));
        append(3);
        append(3);
        journal.close();
        try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
            Path firstCycle = files.filter(f -> f.getFileName().toString().startsWith("20260501-10"))
                    .findFirst().orElseThrow();
            Files.delete(firstCycle);
        }
        journal = Journal.open(new AgentConfig.Journal(dir.resolve("journal"), 1L << 30, 0,
                AgentConfig.SyncMode.NONE, Duration.ZERO), clock, JournalListener.NONE);
        List<long[]> lost = new ArrayList<>();
        startWriter(0, tailLostInto(lost));
        awaitAllWritten();
        stopWriter();
        assertThat(lines()).containsExactlyElementsOf(expected);
        assertThat(lost).isEmpty();
    }

    /** A listener that records each lost tail as {checkpoint index, journal's last index}. */
    private static LogWriterListener tailLostInto(List<long[]> lost) {
        return new LogWriterListener() {
            @Override
            public void tailLost(long checkpoint, long journalLast) {
                lost.add(new long[] {checkpoint, journalLast});
            }
        };
    }

    /** The journal's files (cycle files and metadata), without the writer's checkpoint. */
    private static void copyJournalFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("logfile.checkpoint")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteJournalFiles(Path journalDir) throws IOException {
        try (Stream<Path> files = Files.list(journalDir)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("logfile.checkpoint")).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void aCheckpointOfANewerFormatStopsWithAClearMessage() throws IOException {
        Path file = dir.resolve("cp");
        Files.writeString(file, "version=9\nfullIndex=1\npartialIndex=-1\npartialItem=0\noffset=0\nlastBackup=\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checkpoint.read(file))
                .hasMessageContaining("format version 9").hasMessageContaining("upgrade the agent");
    }
}
