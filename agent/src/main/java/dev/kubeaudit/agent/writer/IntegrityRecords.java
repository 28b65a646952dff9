package dev.kubeaudit.agent.writer;

import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.integrity.SegmentRange;
import dev.kubeaudit.agent.integrity.SegmentRangeLog;
import dev.kubeaudit.agent.logfile.Backup;
import dev.kubeaudit.agent.logfile.BackupNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IntegrityRecorder} into the integrity directory: each backup's range appended to the
 * {@link SegmentRangeLog}, which is pruned to the backups of {@code activeFile} still there (plain or
 * compressed) once it has grown; each lost tail declared as a {@link DeclaredGap#JOURNAL_TAIL_LOST}
 * gap in the {@link GapInbox}. Not thread-safe: writer thread only.
 */
public final class IntegrityRecords implements IntegrityRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(IntegrityRecords.class);

    private final SegmentRangeLog ranges;
    private final GapInbox gaps;
    private final Path activeFile;
    private final Clock clock;

    public IntegrityRecords(SegmentRangeLog ranges, GapInbox gaps, Path activeFile, Clock clock) {
        this.ranges = ranges;
        this.gaps = gaps;
        this.activeFile = activeFile;
        this.clock = clock;
    }

    @Override
    public void backupRange(String backupFileName, SegmentRange range) throws IOException {
        ranges.record(backupFileName, range);
        if (ranges.grown()) {
            Set<String> there = new HashSet<>();
            for (Backup b : BackupNames.list(activeFile)) {
                there.add(BackupNames.plainOf(b).getFileName().toString());
            }
            int dropped = ranges.prune(there::contains);
            LOG.debug("Pruned {} segment ranges of backups no longer there", dropped);
        }
    }

    @Override
    public void tailLost(long checkpointIndex, long journalLastIndex) throws IOException {
        DeclaredGap gap = DeclaredGap.of(DeclaredGap.JOURNAL_TAIL_LOST, clock.instant(), "the log writer's checkpoint"
                + " names journal index " + checkpointIndex + " but the journal ends at index " + journalLastIndex
                + ": the entries after " + journalLastIndex + " were lost (a power loss took pages not written back);"
                + " writing resumed after index " + journalLastIndex);
        gaps.declare(gap);
        LOG.warn("Declared gap '{}': the journal lost its tail after index {}", gap.id(), journalLastIndex);
    }
}
