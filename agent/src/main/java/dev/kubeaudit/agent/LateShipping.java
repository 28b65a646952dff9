package dev.kubeaudit.agent;

import dev.kubeaudit.agent.ship.SegmentShipping;
import java.nio.file.Path;

/**
 * The log writer's view of shipping, which starts after the writer's first recovery. Until
 * {@link #start} nothing may be deleted by retention and final segments are not passed on (the
 * shipper's start-up scan finds them); after {@link #close} likewise. Thread-safe.
 */
final class LateShipping implements SegmentShipping {
    private volatile SegmentShipping shipping;
    private volatile boolean closed;

    /** From now on everything goes to {@code started}; returns this, which closes it. */
    LateShipping start(SegmentShipping started) {
        shipping = started;
        return this;
    }

    @Override
    public boolean mayDelete(Path backup) {
        SegmentShipping s = shipping;
        return s != null && !closed && s.mayDelete(backup);
    }

    @Override
    public void segmentFinal(Path segment) {
        SegmentShipping s = shipping;
        if (s != null && !closed) {
            s.segmentFinal(segment);
        }
    }

    @Override
    public void close() {
        closed = true;
        SegmentShipping s = shipping;
        if (s != null) {
            s.close();
        }
    }
}
