package dev.kubeaudit.agent.integrity;

/**
 * The journal indexes of a segment's lines: {@code firstIndex} is the index of the batch holding
 * its first line, {@code lastIndex} that of the batch holding its last line. A batch split by a
 * rotation is in two segments: the last index of one is the first of the next.
 */
public record SegmentRange(long firstIndex, long lastIndex) {
    public SegmentRange {
        if (firstIndex < 0) {
            throw new IllegalArgumentException("firstIndex: " + firstIndex + " (expected: >= 0)");
        }
        if (lastIndex < firstIndex) {
            throw new IllegalArgumentException("lastIndex: " + lastIndex + " (expected: >= firstIndex "
                    + firstIndex + ")");
        }
    }
}
