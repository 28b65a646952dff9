package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentRangesTest {
    private static final String BACKUP = "audit-2026-05-01T10-00-00.000.log";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(SegmentRanges.FILE_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {BACKUP, BACKUP + ".gz", BACKUP + ".zst"})
    void aBackupIsFoundByItsPlainOrCompressedName(String name) throws IOException {
        try (SegmentRangeLog log = SegmentRangeLog.open(dir)) {
            log.record(BACKUP, new SegmentRange(7, 12));
        }
        assertThat(SegmentRanges.open(dir).lookup(name)).contains(new SegmentRange(7, 12));
        assertThat(SegmentRanges.open(dir).lookup("audit-2026-05-01T10-00-00.001.log.gz")).isEmpty();
    }

    @Test
    void theFileIsAVersionLineAndOneTabSeparatedLinePerBackup() throws IOException {
        try (SegmentRangeLog log = SegmentRangeLog.open(dir)) {
            log.record(BACKUP, new SegmentRange(7, 12));
            log.record("audit-2026-05-01T11-00-00.000.log", new SegmentRange(12, 12));
        }
        assertThat(Files.readAllLines(file())).containsExactly("kube-audit-agent segment ranges v1",
                BACKUP + "\t7\t12", "audit-2026-05-01T11-00-00.000.log\t12\t12");
    }

    @Test
    void aReaderOpenedEarlierFindsRangesRecordedSinceAndNeverChangesTheFile() throws IOException {
        SegmentRanges reader = SegmentRanges.open(dir);
        assertThat(Files.exists(file())).isFalse();
        assertThat(reader.lookup(BACKUP)).isEmpty();
        try (SegmentRangeLog log = SegmentRangeLog.open(dir)) {
            log.record(BACKUP, new SegmentRange(1, 2));
            // An append in progress, as the reader may see it.
            Files.writeString(file(), "audit-2026-05-01T11-00-00.000.log\t3", StandardOpenOption.APPEND);
            byte[] before = Files.readAllBytes(file());
            assertThat(reader.lookup(BACKUP + ".gz")).contains(new SegmentRange(1, 2));
            assertThat(reader.lookup("audit-2026-05-01T11-00-00.000.log")).isEmpty();
            assertThat(Files.readAllBytes(file())).isEqualTo(before);
        }
    }

    @Test
    void theWriterCutsATornLastLineOnOpenAndTheLastLineForANameCounts() throws IOException {
        try (SegmentRangeLog log = SegmentRangeLog.open(dir)) {
            log.record(BACKUP, new SegmentRange(1, 2));
            log.record(BACKUP, new SegmentRange(1, 3));
        }
        Files.writeString(file(), "audit-2026-05-01T11-00-00.000.log\t3", StandardOpenOption.APPEND);
        try (SegmentRangeLog log = SegmentRangeLog.open(dir)) {
            log.record("audit-2026-05-01T12-00-00.000.log", new SegmentRange(4, 5));
        }
        SegmentRanges ranges = SegmentRanges.open(dir);
        assertThat(ranges.lookup(BACKUP)).contains(new SegmentRange(1, 3));
        assertThat(ranges.lookup("audit-2026-05-01T11-00-00.000.log")).isEmpty();
        assertThat(ranges.lookup("audit-2026-05-01T12-00-00.000.log")).contains(new SegmentRange(4, 5));
    }

    @Test
    void onceGrownTheFileIsPrunedToTheBackupsStillThere() throws IOException {
        try (SegmentRangeLog log = SegmentRangeLog.open(dir)) {
            int recorded = 0;
            while (!log.grown()) {
                log.record(name(recorded), new SegmentRange(recorded, recorded));
                recorded++;
            }
            assertThat(recorded).isEqualTo(SegmentRangeLog.MIN_PRUNE_LINES);
            Set<String> there = Set.of(name(recorded - 2), name(recorded - 1));
            assertThat(log.prune(there::contains)).isEqualTo(recorded - 2);
            assertThat(log.grown()).isFalse();
            log.record(name(recorded), new SegmentRange(recorded, recorded));
        }
        assertThat(Files.readAllLines(file())).hasSize(4);
        SegmentRanges ranges = SegmentRanges.open(dir);
        assertThat(ranges.lookup(name(0))).isEmpty();
        assertThat(ranges.lookup(name(SegmentRangeLog.MIN_PRUNE_LINES - 1))).isPresent();
        assertThat(ranges.lookup(name(SegmentRangeLog.MIN_PRUNE_LINES))).isPresent();
    }

    private static String name(int i) {
        return String.format("audit-2026-05-01T10-00-00.%03d.log", i);
    }

    @Test
    void aNewerVersionStopsTheReaderAndTheWriter() throws IOException {
        Files.writeString(file(), "kube-audit-agent segment ranges v3\n");
        assertThatThrownBy(() -> SegmentRanges.open(dir)).hasMessageContaining("newer version");
        assertThatThrownBy(() -> SegmentRangeLog.open(dir)).hasMessageContaining("newer version");
    }

    @Test
    void aDamagedLineIsReportedWithItsLineNumber() throws IOException {
        Files.writeString(file(), "kube-audit-agent segment ranges v1\n" + BACKUP + "\t9\t3\n");
        assertThatThrownBy(() -> SegmentRanges.open(dir)).hasMessageStartingWith(file() + ":2: not a segment range");
    }

    @Test
    void namesAndRangesAreChecked() {
        assertThatThrownBy(() -> new SegmentRange(-1, 3)).hasMessage("firstIndex: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new SegmentRange(4, 3)).hasMessage("lastIndex: 3 (expected: >= firstIndex 4)");
        assertThatThrownBy(() -> SegmentRanges.line("a\tb", new SegmentRange(1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Optional.of(SegmentRanges.plainName("x.log.zst"))).contains("x.log");
    }
}
