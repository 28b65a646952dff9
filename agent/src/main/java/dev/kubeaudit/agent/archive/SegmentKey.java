package dev.kubeaudit.agent.archive;

import dev.kubeaudit.agent.integrity.SegmentReader;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.logfile.Compression;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A segment's object key read back: its layout, cluster, node, backup file name
 * ({@code <stem>-<yyyy-MM-ddTHH-mm-ss.SSS><ext>[.gz|.zst]}), the segment's time (its rotation,
 * UTC, from that name) and its compression (from the suffix). Only keys whose date folder or
 * {@code dt=} matches the name's date are segments. Immutable.
 */
public record SegmentKey(ArchiveLayout layout, String key, String cluster, String node, String fileName,
                         Instant segmentTime, Compression compression) {
    /** The segment {@code key} names (either layout), or empty when it is no segment (a manifest, a checkpoint, anything else). */
    public static Optional<SegmentKey> parse(String key) {
        if (key.endsWith(".manifest") || key.endsWith(".checkpoint")) {
            return Optional.empty();
        }
        return ArchiveLayout.parseKey(key);
    }

    /**
     * The key of this segment's manifest: the segment's key in the default layout plus
     * {@code .manifest}, under the layout's integrity root ({@link ArchiveLayout#manifestKey}).
     */
    public String manifestKey() {
        return layout.integrityRoot() + ArchiveLayout.DEFAULT.segmentKey(cluster, node, fileName, segmentTime)
                + ".manifest";
    }

    static Optional<SegmentKey> of(ArchiveLayout layout, String key, String cluster, String node, String fileName,
                                   String day) {
        return BackupNames.timeOf(fileName)
                .filter(time -> LocalDate.ofInstant(time, ZoneOffset.UTC).toString().equals(day))
                .map(time -> new SegmentKey(layout, key, cluster, node, fileName, time,
                        SegmentReader.compressionOf(fileName)));
    }
}
