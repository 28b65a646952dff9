package dev.kubeaudit.shipper;

import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.store.StoreException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs upload failures once per change of state (a new kind of failure, or a failure after
 * success), and the recovery once; repeats go to DEBUG, so an hour-long outage writes two lines.
 * Thread-safe: synchronized.
 */
final class FailureLog {
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

    private final String destination;
    private String state;

    FailureLog(String destination) {
        this.destination = destination;
    }

    synchronized void failed(Segment segment, StoreException e, Duration retryIn) {
        String now = e.kind() + (e.segmentOnly() ? " " + segment.name() : "");
        if (now.equals(state)) {
            LOG.debug("Shipping of '{}' failed again: {}", segment.name(), e.getMessage());
            return;
        }
        state = now;
        if (e.permanent()) {
            LOG.error("Shipping to '{}' fails ({}), retried at the pace of ship.retry.maxBackoff until fixed: {}", destination,
                    e.kind().reason(), e.getMessage());
        } else {
            LOG.warn("Shipping to '{}' fails ({}), retrying with backoff (next in {} ms): {}", destination,
                    e.kind().reason(), retryIn.toMillis(), e.getMessage());
        }
    }

    synchronized void succeeded(int failuresEnded) {
        if (state != null) {
            LOG.info("Shipping to '{}' works again after {} failed attempts", destination, failuresEnded);
            state = null;
        }
    }
}
