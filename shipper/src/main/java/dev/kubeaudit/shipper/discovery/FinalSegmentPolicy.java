package dev.kubeaudit.shipper.discovery;

import dev.kubeaudit.agent.logfile.Backup;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.logfile.Compression;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which backups are final, judged from the names present in the log folder. A compressed backup
 * ({@code .gz}/{@code .zst}) is final once its plain twin is gone: the compressor (ours or
 * lumberjack's, which writes the compressed file in place) removes the plain file only after the
 * compressed one is complete. A plain backup is final only when compression is off: with
 * compression on it is about to be compressed, and shipping it too would ship the segment twice.
 * Temp files and the active file never parse as backups. Pure; thread-safe (immutable).
 */
public record FinalSegmentPolicy(boolean compressed) {

    /** The final segments among {@code backups} (all files present), oldest first. */
    public List<Segment> finalSegments(List<Backup> backups) {
        Set<Path> present = new HashSet<>();
        for (Backup b : backups) {
            present.add(b.path());
        }
        return backups.stream()
                .filter(b -> isFinal(b, present))
                .map(Segment::of)
                .sorted()
                .toList();
    }

    private boolean isFinal(Backup backup, Set<Path> present) {
        if (backup.compression() == Compression.NONE) {
            return !compressed;
        }
        return !present.contains(BackupNames.plainOf(backup));
    }
}
