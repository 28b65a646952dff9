package dev.kubeaudit.agent.archive;

import dev.kubeaudit.agent.integrity.SegmentReader;
import dev.kubeaudit.agent.logfile.Compression;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment's object key read back: its layout, cluster, node, backup file name
 * ({@code <stem>-<yyyy-MM-ddTHH-mm-ss.SSS><ext>[.gz|.zst]}), the segment's time (its rotation,
 * UTC, from that name) and its compression (from the suffix). Only keys whose date folder or
 * {@code dt=} matches the name's date are segments. Immutable.
 */
public record SegmentKey(ArchiveLayout layout, String key, String cluster, String node, String fileName,
                         Instant segmentTime, Compression compression) {
    private static final Pattern BACKUP =
            Pattern.compile(".+-(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3})(\\.[^/]*)?");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH-mm-ss.SSS").withResolverStyle(ResolverStyle.STRICT);

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
        Matcher m = BACKUP.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = LocalDateTime.parse(m.group(1), TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        if (!LocalDate.ofInstant(time, ZoneOffset.UTC).toString().equals(day)) {
            return Optional.empty();
        }
        return Optional.of(new SegmentKey(layout, key, cluster, node, fileName, time, SegmentReader.compressionOf(fileName)));
    }
}
