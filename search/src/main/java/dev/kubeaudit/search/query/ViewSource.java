package dev.kubeaudit.search.query;

import dev.kubeaudit.search.plan.TimeWindow;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link EventsView} is made of: the segment files, the time window of the events it keeps,
 * and the longest line it reads (DuckDB's maximum_object_size; a longer line fails the search).
 * Immutable.
 */
public record ViewSource(List<SegmentFile> files, TimeWindow window, long maxLineBytes) {
    /**
     * listen.maxRequestBytes by default (64Mi) and room for what a line adds to an event. Measured
     * with DuckDB 2.0: up to 112 MiB scans as fast as the 16 MiB default; from 128 MiB (the
     * largest journal document, so the bound of any line) three times slower.
     */
    public static final long DEFAULT_MAX_LINE_BYTES = (64L << 20) + (1L << 20);

    public ViewSource {
        files = List.copyOf(files);
        Objects.requireNonNull(window, "window");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: >= 1)");
        }
    }

    /** {@code files}, every event, lines up to {@link #DEFAULT_MAX_LINE_BYTES}. */
    public static ViewSource of(List<SegmentFile> files) {
        return new ViewSource(files, TimeWindow.ALL, DEFAULT_MAX_LINE_BYTES);
    }

    public ViewSource withWindow(TimeWindow w) {
        return new ViewSource(files, w, maxLineBytes);
    }
}
