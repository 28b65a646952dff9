package dev.kubeaudit.agent.writer;

import dev.kubeaudit.agent.integrity.SegmentRange;
import java.util.Optional;

/**
 * The journal indexes of the batches holding the active file's first and last line, followed line
 * by line as they are written or found after a checkpoint. Stored in the {@link Checkpoint}; at
 * rotation it becomes the backup's {@link SegmentRange}. {@link Checkpoint#NO_LINE} while the file
 * holds no line; {@link Checkpoint#UNKNOWN} once a line of an unknown index is in it, until the
 * rotation. Not thread-safe: writer thread only.
 */
final class ActiveRange {
    private long first;
    private long last;

    private ActiveRange(long first, long last) {
        this.first = first;
        this.last = last;
    }

    static ActiveRange of(Checkpoint cp) {
        return new ActiveRange(cp.activeFirstIndex(), cp.activeLastIndex());
    }

    /** A line of the batch at journal {@code index} is now the file's last line. */
    void line(long index) {
        if (first == Checkpoint.UNKNOWN) {
            return;
        }
        if (first == Checkpoint.NO_LINE) {
            first = index;
        }
        last = index;
    }

    /** Lines whose indexes are not known are in the file (or may be): it gets no range. */
    void unknownLines() {
        first = Checkpoint.UNKNOWN;
        last = Checkpoint.UNKNOWN;
    }

    /**
     * The journal lost its tail: indexes the file's lines came from are handed out again, so a range
     * of the file could name two batches by one index. A file with lines gets no range.
     */
    void indexesReused() {
        if (first != Checkpoint.NO_LINE) {
            unknownLines();
        }
    }

    /** The file holds {@code bytes} now: an empty file has no range to keep. */
    void size(long bytes) {
        if (bytes == 0) {
            first = Checkpoint.NO_LINE;
            last = Checkpoint.NO_LINE;
        }
    }

    /** The file was rotated: its range if known and not empty; the new active file is empty. */
    Optional<SegmentRange> rotated() {
        Optional<SegmentRange> range = first >= 0 ? Optional.of(new SegmentRange(first, last)) : Optional.empty();
        first = Checkpoint.NO_LINE;
        last = Checkpoint.NO_LINE;
        return range;
    }

    long first() {
        return first;
    }

    long last() {
        return last;
    }
}
