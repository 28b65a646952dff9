package dev.kubeaudit.agent.integrity;

import dev.kubeaudit.agent.logfile.Compression;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal index range of each backup, as the log writer recorded it at rotation
 * ({@link SegmentRangeLog}): {@code <dir>/segment-ranges}, a version line
 * ({@code kube-audit-agent segment ranges v1}), then {@code plain backup name TAB firstIndex TAB
 * lastIndex} per line; the last line for a name counts. A backup has no range when it holds no
 * line, or when the indexes of its lines are unknown (it was begun before ranges were recorded,
 * or a lost journal tail handed its indexes out again).
 *
 * <p>A read-only view, safe beside the writer that appends: it never changes the file, ignores a
 * torn last line, and reads the file again when a name is not found. Thread-safe.
 */
public final class SegmentRanges {
    public static final String FILE_NAME = "segment-ranges";
    static final String TITLE = "kube-audit-agent segment ranges";
    static final int VERSION = 1;

    private final Path file;
    private Map<String, SegmentRange> ranges;

    private SegmentRanges(Path file, Map<String, SegmentRange> ranges) {
        this.file = file;
        this.ranges = ranges;
    }

    /** Reads the ranges in {@code dir}; none when the file is not there (yet). */
    public static SegmentRanges open(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        return new SegmentRanges(file, read(file));
    }

    /**
     * The range of a backup, by its file name plain ({@code audit-….log}) or compressed
     * ({@code ….log.gz}, {@code ….log.zst}: the range of the plain file it was made from).
     */
    public synchronized Optional<SegmentRange> lookup(String backupFileName) throws IOException {
        String plain = plainName(backupFileName);
        SegmentRange range = ranges.get(plain);
        if (range == null) {
            ranges = read(file);
            range = ranges.get(plain);
        }
        return Optional.ofNullable(range);
    }

    /** {@code name} without a compression suffix. */
    static String plainName(String name) {
        for (Compression c : Compression.values()) {
            if (c != Compression.NONE && name.endsWith(c.suffix())) {
                return name.substring(0, name.length() - c.suffix().length());
            }
        }
        return name;
    }

    static String line(String plainName, SegmentRange range) {
        if (plainName.isEmpty() || plainName.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '/')) {
            throw new IllegalArgumentException("backup name: \"" + plainName + "\" (expected: a file name)");
        }
        return plainName + "\t" + range.firstIndex() + "\t" + range.lastIndex();
    }

    /** The ranges of {@code lines} (without header), by plain name, the last line for a name winning. */
    static Map<String, SegmentRange> parse(Path file, List<String> lines) throws LineFile.FormatException {
        Map<String, SegmentRange> ranges = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split("\t", -1);
            try {
                if (fields.length != 3) {
                    throw new IllegalArgumentException(fields.length + " fields, expected 3");
                }
                ranges.put(fields[0], new SegmentRange(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
            } catch (IllegalArgumentException e) {
                throw new LineFile.FormatException(file + ":" + (i + 2) + ": not a segment range (" + e.getMessage()
                        + "); move the file aside: backups rotated since then get their ranges again");
            }
        }
        return ranges;
    }

    private static Map<String, SegmentRange> read(Path file) throws IOException {
        return parse(file, LineFile.read(file, TITLE, VERSION));
    }
}
