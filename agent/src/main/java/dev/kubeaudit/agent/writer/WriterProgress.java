package dev.kubeaudit.agent.writer;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the log writer is stalled: events wait in the journal and nothing reached audit.log for
 * {@link #STALL_AFTER}. Sits between the writer and its listener (forwarding every call) to see
 * its progress; {@code backlog} gives the journal's waiting events. A stalled writer does not stop
 * the webhook (the journal keeps accepting): it turns /readyz false and raises a metric.
 * Thread-safe.
 */
public final class WriterProgress implements LogWriterListener {
    /** How long events may wait with nothing written before the writer counts as stalled. */
    public static final Duration STALL_AFTER = Duration.ofSeconds(60);

    private final LogWriterListener delegate;
    private final LongSupplier backlog;
    private final Clock clock;
    private final long stallAfterMillis;
    private volatile long progressAt;
    private long waitingSince = Long.MIN_VALUE;

    public WriterProgress(LogWriterListener delegate, LongSupplier backlog, Clock clock, Duration stallAfter) {
        this.delegate = delegate;
        this.backlog = backlog;
        this.clock = clock;
        this.stallAfterMillis = stallAfter.toMillis();
        this.progressAt = clock.millis();
    }

    /** True when events have waited, with nothing written, for longer than the stall limit. */
    public synchronized boolean stalled() {
        long now = clock.millis();
        if (backlog.getAsLong() <= 0) {
            waitingSince = Long.MIN_VALUE;
            return false;
        }
        if (waitingSince == Long.MIN_VALUE) {
            waitingSince = now;
        }
        return now - Math.max(progressAt, waitingSince) > stallAfterMillis;
    }

    @Override
    public void written(int events, long bytes) {
        progressAt = clock.millis();
        delegate.written(events, bytes);
    }

    @Override
    public void checkpointed(Checkpoint checkpoint) {
        delegate.checkpointed(checkpoint);
    }

    @Override
    public void recovered(long lines, long cutBytes) {
        progressAt = clock.millis();
        delegate.recovered(lines, cutBytes);
    }

    @Override
    public void tailLost(long checkpointIndex, long journalLastIndex) {
        delegate.tailLost(checkpointIndex, journalLastIndex);
    }

    @Override
    public void failure(Exception e) {
        delegate.failure(e);
    }
}
