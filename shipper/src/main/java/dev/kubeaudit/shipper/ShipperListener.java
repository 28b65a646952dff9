package dev.kubeaudit.shipper;

import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.store.Receipt;
import java.time.Instant;

/**
 * Hooks of the {@link Shipper}, for metrics; called from its worker and scan threads, so
 * implementations are thread-safe. Logging is the shipper's own.
 */
public interface ShipperListener {

    /** {@code segment} is in the store and in the ledger, after {@code nanos} of work. */
    default void shipped(Segment segment, Receipt receipt, long nanos, Instant at) {
    }

    /** An attempt failed; {@code reason} as in {@code ship_failures_total{reason}}. */
    default void failed(String reason) {
    }

    /** Does nothing. */
    ShipperListener NONE = new ShipperListener() {
    };
}
