package dev.kubeaudit.agent.integrity;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The writing side of {@link SegmentRanges}: the log writer appends the range of each backup at
 * rotation, forced to disk before it returns (before the backup may be compressed, announced or
 * shipped). Opening cuts a torn last line. The file stays bounded: once it holds twice the lines it
 * held after the last pruning (at least {@value #MIN_PRUNE_LINES}), {@link #grown()} says so and
 * {@link #prune} rewrites it atomically with only the backups still there.
 *
 * <p>One instance per directory (the log writer's); readers use {@link SegmentRanges}. Not
 * thread-safe: owned by the writer thread.
 */
public final class SegmentRangeLog implements Closeable {
    static final int MIN_PRUNE_LINES = 128;

    private final LineFile file;
    private final Map<String, SegmentRange> ranges;
    private int lines;
    private int pruneAt;

    private SegmentRangeLog(LineFile file, Map<String, SegmentRange> ranges, int lines) {
        this.file = file;
        this.ranges = ranges;
        this.lines = lines;
        this.pruneAt = Math.max(MIN_PRUNE_LINES, 2 * ranges.size());
    }

    /** Opens (or creates) the file in {@code dir}, creating the directory (0700) if needed. */
    public static SegmentRangeLog open(Path dir) throws IOException {
        DurableFiles.createPrivateDirectories(dir);
        Path path = dir.resolve(SegmentRanges.FILE_NAME);
        List<String> lines = new ArrayList<>();
        LineFile file = LineFile.open(path, SegmentRanges.TITLE, SegmentRanges.VERSION, lines);
        try {
            return new SegmentRangeLog(file, new LinkedHashMap<>(SegmentRanges.parse(path, lines)), lines.size());
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Records that the plain backup {@code backupFileName} holds lines of {@code range}, durably. */
    public void record(String backupFileName, SegmentRange range) throws IOException {
        file.append(List.of(SegmentRanges.line(backupFileName, range)));
        ranges.put(backupFileName, range);
        lines++;
    }

    /** True once the file has grown enough since the last pruning to be pruned. */
    public boolean grown() {
        return lines >= pruneAt;
    }

    /** Rewrites the file with only the backups {@code stillThere} accepts (plain names); returns how many it dropped. */
    public int prune(Predicate<String> stillThere) throws IOException {
        int before = ranges.size();
        ranges.keySet().removeIf(stillThere.negate());
        List<String> kept = new ArrayList<>();
        ranges.forEach((name, range) -> kept.add(SegmentRanges.line(name, range)));
        file.rewrite(kept);
        lines = kept.size();
        pruneAt = Math.max(MIN_PRUNE_LINES, 2 * lines);
        return before - ranges.size();
    }

    /** Idempotent. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
