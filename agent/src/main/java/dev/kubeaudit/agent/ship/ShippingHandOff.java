package dev.kubeaudit.agent.ship;

import dev.kubeaudit.agent.logfile.LogFileListener;
import java.nio.file.Path;

/** Passes every log file event on to {@code delegate}, and final segments also to the shipper. Thread-safe if both are. */
public final class ShippingHandOff implements LogFileListener {
    private final LogFileListener delegate;
    private final SegmentShipping shipping;

    public ShippingHandOff(LogFileListener delegate, SegmentShipping shipping) {
        this.delegate = delegate;
        this.shipping = shipping;
    }

    @Override
    public void rotated(Path backup) {
        delegate.rotated(backup);
    }

    @Override
    public void segmentFinal(Path segment) {
        delegate.segmentFinal(segment);
        shipping.segmentFinal(segment);
    }

    @Override
    public void oversizeLine(long bytes) {
        delegate.oversizeLine(bytes);
    }

    @Override
    public void deleted(Path backup) {
        delegate.deleted(backup);
    }

    @Override
    public void retentionHeld(Path backup) {
        delegate.retentionHeld(backup);
    }

    @Override
    public void backgroundFailure(String operation, Path path, Exception e) {
        delegate.backgroundFailure(operation, path, e);
    }
}
