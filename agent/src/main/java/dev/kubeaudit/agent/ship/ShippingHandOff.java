package dev.kubeaudit.agent.ship;

import dev.kubeaudit.agent.logfile.ForwardingLogFileListener;
import dev.kubeaudit.agent.logfile.LogFileListener;
import java.nio.file.Path;

/** Passes every log file event on to {@code delegate}, and final segments also to the shipper. Thread-safe if both are. */
public final class ShippingHandOff extends ForwardingLogFileListener {
    private final SegmentShipping shipping;

    public ShippingHandOff(LogFileListener delegate, SegmentShipping shipping) {
        super(delegate);
        this.shipping = shipping;
    }

    @Override
    public void segmentFinal(Path segment) {
        super.segmentFinal(segment);
        shipping.segmentFinal(segment);
    }
}
