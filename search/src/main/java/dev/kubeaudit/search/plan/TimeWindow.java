package dev.kubeaudit.search.plan;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The events asked for by time: {@code since <= stageTimestamp < until}, either side null when open.
 * Both are kept to the microsecond, the precision of audit timestamps and of DuckDB's, so the
 * planner and the query compare the same instants. Immutable.
 */
public record TimeWindow(Instant since, Instant until) {
    public static final TimeWindow ALL = new TimeWindow(null, null);

    public TimeWindow {
        since = since == null ? null : since.truncatedTo(ChronoUnit.MICROS);
        until = until == null ? null : until.truncatedTo(ChronoUnit.MICROS);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since " + since + ", until " + until + " (expected: since before until)");
        }
    }

    public boolean isAll() {
        return since == null && until == null;
    }

    /** Whether events stamped from {@code min} to {@code max} (inclusive) can lie in this window. */
    public boolean overlaps(Instant min, Instant max) {
        return (since == null || !max.isBefore(since)) && (until == null || min.isBefore(until));
    }
}
