package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.store.SegmentDigest;
import dev.kubeaudit.shipper.store.StoreException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What the shipper asks of the chain, in the order of a segment's life: {@link #submit} when it
 * is final (its manifest is sealed on the sealing thread, then the segment goes to shipping),
 * {@link #uploadManifest} after the segment's upload and before its ledger entry, {@link #shipped}
 * after the ledger entry; {@link #vanished} when it was deleted unshipped. With
 * {@code integrity.enabled: false} ({@link #open} gives {@link Unsealed}) segments go to shipping
 * at once and nothing else happens. Implementations are thread-safe.
 */
public interface SegmentSealing extends Closeable {

    /** What sealing tells the shipper. Implementations are thread-safe. */
    interface Shipping {
        /** {@code segment}'s manifest is sealed: ship it (unless it is in the ledger already). */
        void sealed(Segment segment);

        /** {@code segment} was deleted before it was shipped. */
        void vanished(Segment segment);

        /** True when the segment file {@code name} is in the ledger. */
        boolean inLedger(String name);
    }

    /**
     * The sealing {@code settings.integrity()} asks for; {@code gaps} is the agent's inbox of declared
     * gaps (null: the one in the state directory's integrity folder). Starts nothing before {@link #start}.
     */
    static SegmentSealing open(ShipperSettings settings, ObjectStore store, Clock clock, ShipperListener listener,
                               FatalFailures fatal, GapInbox gaps, Shipping shipping) throws IOException {
        return settings.integrity().enabled()
                ? ChainSealing.open(settings, store, clock, listener, fatal, gaps, shipping)
                : new Unsealed(shipping);
    }

    /** Resumes what the last run left and starts the threads; before the shipper's first scan. */
    void start();

    /** {@code segment} is final: seal its manifest (once), then hand it to {@link Shipping#sealed}. Never blocks on I/O. */
    void submit(Segment segment);

    /** Uploads {@code segment}'s sealed manifest beside it; before its ledger entry. */
    void uploadManifest(Segment segment) throws StoreException;

    /**
     * The size and SHA-256 of the segment's bytes as its manifest states them (read once, when it
     * was sealed), so the upload need not read the segment again; empty when it has no manifest.
     */
    Optional<SegmentDigest> sealedDigest(Segment segment);

    /** {@code segment} is in the ledger: its record is done. */
    void shipped(Segment segment);

    /** {@code segment} was deleted before it was shipped. */
    void vanished(Segment segment);

    /** The segments submitted whose manifest is not sealed yet, oldest first. */
    List<Segment> unsealed();

    /** Stops the threads; idempotent. */
    @Override
    void close();

    /** Sealing off: every segment goes to shipping as it comes. */
    final class Unsealed implements SegmentSealing {
        private final Shipping shipping;

        Unsealed(Shipping shipping) {
            this.shipping = shipping;
        }

        @Override
        public void start() {
        }

        @Override
        public void submit(Segment segment) {
            shipping.sealed(segment);
        }

        @Override
        public void uploadManifest(Segment segment) {
        }

        @Override
        public void shipped(Segment segment) {
        }

        @Override
        public void vanished(Segment segment) {
        }

        @Override
        public Optional<SegmentDigest> sealedDigest(Segment segment) {
            return Optional.empty();
        }

        @Override
        public List<Segment> unsealed() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
