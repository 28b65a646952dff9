package dev.kubeaudit.shipper;

import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.store.Receipt;
import java.time.Instant;

/**
 * Hooks of the {@link Shipper}, for metrics; called from its worker, scan and integrity threads, so
 * implementations are thread-safe. Logging is the shipper's own.
 */
public interface ShipperListener {

    /** {@code segment} is in the store and in the ledger, after {@code nanos} of work. */
    default void shipped(Segment segment, Receipt receipt, long nanos, Instant at) {
    }

    /** An attempt failed; {@code reason} as in {@code ship_failures_total{reason}}. */
    default void failed(String reason) {
    }

    /** A signed checkpoint of the chain's first {@code size} records, dated {@code time}, is in the store. */
    default void checkpointPublished(long size, Instant time) {
    }

    /** Signing a manifest or a checkpoint failed. */
    default void signingFailed() {
    }

    /** A declared gap was sealed into the chain. */
    default void gapDeclared() {
    }

    /** Does nothing. */
    ShipperListener NONE = new ShipperListener() {
    };
}
