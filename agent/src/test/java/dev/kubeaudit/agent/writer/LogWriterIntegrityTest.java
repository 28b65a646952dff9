package dev.kubeaudit.agent.writer;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.integrity.SegmentRange;
import dev.kubeaudit.agent.integrity.SegmentRangeLog;
import dev.kubeaudit.agent.integrity.SegmentRanges;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalListener;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.logfile.Backup;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.logfile.LogFileListener;
import dev.kubeaudit.agent.logfile.LogFileSettings;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's integrity steps against a real journal and real files: each backup's journal range
 * (the batches of its first and last line) across split batches, restarts and crashes, and a lost
 * journal tail declared as a gap before writing resumes.
 */
class LogWriterIntegrityTest {
    private static final Pattern BATCH = Pattern.compile("\"auditID\":\"b(\\d+)-\\d+\"");
    /** About three of the test's ~110-byte lines per file: a batch of five is always split. */
    private static final long SPLITTING = 400;

    @TempDir
    Path dir;

    private Journal journal;
    private LogWriter writer;
    private SegmentRangeLog rangeLog;
    private GapInbox gaps;
    private final List<String> expected = new ArrayList<>();
    /** Journal index of each batch appended, by batch number. */
    private final Map<Integer, Long> indexes = new HashMap<>();
    private int nextBatch;

    @BeforeEach
    void open() throws IOException {
        journal = Journal.open(new AgentConfig.Journal(dir.resolve("journal"), 1L << 30, 0,
                AgentConfig.SyncMode.NONE, Duration.ofMinutes(10)), Clock.systemUTC(), JournalListener.NONE);
        gaps = GapInbox.open(integrityDir());
    }

    @AfterEach
    void close() throws IOException {
        if (writer != null) {
            stopWriter();
        }
        journal.close();
        gaps.close();
    }

    private Path integrityDir() {
        return dir.resolve("integrity");
    }

    private Path active() {
        return dir.resolve("log").resolve("audit.log");
    }

    private Path checkpointFile() {
        return dir.resolve("journal").resolve("logfile.checkpoint");
    }

    private void startWriter(long maxBytes) throws IOException {
        rangeLog = SegmentRangeLog.open(integrityDir());
        LogWriter.Settings settings = new LogWriter.Settings(
                new LogFileSettings(active(), maxBytes, 0, 0, Compression.NONE, 1, Duration.ZERO), false,
                checkpointFile());
        writer = LogWriter.start(settings, Clock.systemUTC(), () -> journal.tailer("logfile"), LogWriterListener.NONE,
                LogFileListener.NONE, p -> true, FatalFailures.NONE,
                new IntegrityRecords(rangeLog, gaps, active(), Clock.systemUTC()));
    }

    private void stopWriter() throws IOException {
        writer.close();
        writer = null;
        rangeLog.close();
    }

    private void append(int events) throws Exception {
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String line = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"b" + nextBatch + "-" + i
                    + "\",\"stage\":\"ResponseComplete\",\"level\":\"Metadata\"}";
            items.add(line.getBytes(StandardCharsets.UTF_8));
            expected.add(line);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(("batch " + nextBatch).getBytes(StandardCharsets.UTF_8));
        journal.append(new Batch("audit.k8s.io/v1", items, digest)).get();
        indexes.put(nextBatch++, journal.lastIndex());
    }

    private void writeAll() throws IOException {
        awaitUntil(Duration.ofSeconds(20), () -> lines().size() >= expected.size() && writer.caughtUp(),
                expected.size() + " lines written");
        stopWriter();
        assertThat(AuditLogFiles.lines(active())).containsExactlyElementsOf(expected);
    }

    private List<String> lines() {
        try {
            return AuditLogFiles.lines(active());
        } catch (IOException | AssertionError e) {
            return List.of();
        }
    }

    /** The range a file's content gives: the indexes of the batches of its first and last line. */
    private Optional<SegmentRange> rangeOf(Path file) throws IOException {
        List<String> fileLines = Files.readAllLines(file);
        if (fileLines.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SegmentRange(indexOf(fileLines.get(0)), indexOf(fileLines.get(fileLines.size() - 1))));
    }

    private long indexOf(String line) {
        Matcher m = BATCH.matcher(line);
        assertThat(m.find()).as("batch number in %s", line).isTrue();
        return indexes.get(Integer.parseInt(m.group(1)));
    }

    /** Backups oldest first. */
    private List<Path> backups() throws IOException {
        List<Path> backups = new ArrayList<>(BackupNames.list(active()).stream().map(Backup::path).toList());
        Collections.reverse(backups);
        return backups;
    }

    private Optional<SegmentRange> recorded(Path backup) throws IOException {
        return SegmentRanges.open(integrityDir()).lookup(backup.getFileName().toString());
    }

    /** Every backup from {@code from} on (oldest first) has the range its lines give. */
    private void assertRangesOfBackupsFrom(int from) throws IOException {
        List<Path> backups = backups();
        assertThat(backups).hasSizeGreaterThan(from);
        for (Path backup : backups.subList(from, backups.size())) {
            assertThat(recorded(backup)).as("range of %s", backup.getFileName()).isEqualTo(rangeOf(backup));
        }
    }

    private void assertActiveRangeInCheckpoint() throws IOException {
        Checkpoint cp = Checkpoint.read(checkpointFile()).orElseThrow();
        Optional<SegmentRange> range = rangeOf(active());
        assertThat(cp.activeFirstIndex()).isEqualTo(range.map(SegmentRange::firstIndex).orElse(Checkpoint.NO_LINE));
        assertThat(cp.activeLastIndex()).isEqualTo(range.map(SegmentRange::lastIndex).orElse(Checkpoint.NO_LINE));
    }

    @Test
    void everyBackupsRangeNamesTheBatchesOfItsFirstAndLastLineAlsoWhenABatchIsSplit() throws Exception {
        startWriter(SPLITTING);
        for (int b = 0; b < 10; b++) {
            append(5);
        }
        writeAll();
        assertRangesOfBackupsFrom(0);
        List<Path> backups = backups();
        boolean split = false;
        for (int i = 1; i < backups.size(); i++) {
            split |= recorded(backups.get(i - 1)).orElseThrow().lastIndex()
                    == recorded(backups.get(i)).orElseThrow().firstIndex();
        }
        assertThat(split).as("a batch split across two backups").isTrue();
        assertActiveRangeInCheckpoint();
        assertThat(gaps.pending()).isEmpty();
    }

    @Test
    void theActiveFilesFirstIndexSurvivesARestart() throws Exception {
        startWriter(1000);
        append(2);
        append(2);
        writeAll();
        assertThat(backups()).isEmpty();
        assertActiveRangeInCheckpoint();
        long firstBatch = indexes.get(0);
        startWriter(1000);
        for (int b = 0; b < 6; b++) {
            append(4);
        }
        writeAll();
        assertThat(recorded(backups().get(0))).map(SegmentRange::firstIndex).contains(firstBatch);
        assertRangesOfBackupsFrom(0);
        assertActiveRangeInCheckpoint();
    }

    @Test
    void linesKeptAfterAnOlderCheckpointAndARotationItMissedGetTheirRangesAtRecovery() throws Exception {
        startWriter(0);
        append(3);
        writeAll();
        Checkpoint before = Checkpoint.read(checkpointFile()).orElseThrow();
        append(3);
        append(3);
        startWriter(0);
        writeAll();
        // A crash right after the rename of a rotation, with the checkpoint of before the last two batches.
        before.write(checkpointFile());
        Path backup = BackupNames.backupFor(active(), Instant.parse("2026-11-27T05:00:00Z"));
        Files.move(active(), backup);
        append(2);
        startWriter(0);
        writer.recovered().get(20, TimeUnit.SECONDS);
        assertThat(recorded(backup)).contains(new SegmentRange(indexes.get(0), indexes.get(2)));
        writeAll();
        assertThat(rangeOf(active())).contains(new SegmentRange(indexes.get(3), indexes.get(3)));
        assertActiveRangeInCheckpoint();
    }

    @Test
    void aLostTailIsDeclaredBeforeWritingResumesOnceAndTheFileItHitGetsNoRange() throws Exception {
        startWriter(SPLITTING);
        append(5);
        append(1);
        writeAll();
        long journalEnd = journal.lastIndex();
        Checkpoint cp = Checkpoint.read(checkpointFile()).orElseThrow();
        // What the disk keeps after a power loss: a checkpoint past the journal's end.
        long named = journalEnd + 3;
        assertThat(cp.activeFirstIndex()).isNotNegative();
        new Checkpoint(named, -1, 0, cp.offset(), cp.lastBackup(), cp.activeFirstIndex(), named).write(checkpointFile());
        int backupsBefore = backups().size();

        startWriter(SPLITTING);
        writer.recovered().get(20, TimeUnit.SECONDS);
        List<String> onDisk = Files.readAllLines(integrityDir().resolve(GapInbox.FILE_NAME));
        assertThat(onDisk).hasSize(2);
        assertThat(onDisk.get(1)).contains("\t" + DeclaredGap.JOURNAL_TAIL_LOST + "\t",
                "journal index " + named, "ends at index " + journalEnd);
        assertThat(gaps.pending()).singleElement().extracting(DeclaredGap::reason)
                .isEqualTo(DeclaredGap.JOURNAL_TAIL_LOST);
        for (int b = 0; b < 4; b++) {
            append(5);
        }
        writeAll();
        List<Path> backups = backups();
        assertThat(recorded(backups.get(backupsBefore))).as("the file active at the loss").isEmpty();
        assertRangesOfBackupsFrom(backupsBefore + 1);

        startWriter(SPLITTING);
        append(1);
        writeAll();
        assertThat(gaps.pending()).hasSize(1);
    }

    @Test
    void aVersionOneCheckpointLeavesTheActiveFilesRangeUnknownUntilItRotates() throws Exception {
        startWriter(0);
        append(2);
        writeAll();
        Checkpoint cp = Checkpoint.read(checkpointFile()).orElseThrow();
        Files.writeString(checkpointFile(), "version=1\nfullIndex=" + cp.fullIndex() + "\npartialIndex=-1\n"
                + "partialItem=0\noffset=" + cp.offset() + "\nlastBackup=\n");
        assertThat(Checkpoint.read(checkpointFile()).orElseThrow().activeFirstIndex()).isEqualTo(Checkpoint.UNKNOWN);
        startWriter(SPLITTING);
        for (int b = 0; b < 4; b++) {
            append(5);
        }
        writeAll();
        assertThat(recorded(backups().get(0))).as("begun under the version 1 checkpoint").isEmpty();
        assertRangesOfBackupsFrom(1);
        assertActiveRangeInCheckpoint();
    }
}
