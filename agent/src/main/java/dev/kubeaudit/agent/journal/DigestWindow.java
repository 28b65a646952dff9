package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.ingest.BatchSink.Appended;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The digests of batches stored within the de-duplication window, and of batches being appended
 * right now. A digest counts as seen while {@code now - acceptMillis < window}; expired entries are
 * dropped lazily, oldest first, on each claim. Thread-safe: every method is synchronized.
 */
final class DigestWindow {
    private static final HexFormat HEX = HexFormat.of();

    private final long windowMillis;
    private final Map<String, Long> stored = new HashMap<>();
    private final ArrayDeque<Stamp> acceptOrder = new ArrayDeque<>();
    private final Map<String, CompletableFuture<Appended>> pending = new HashMap<>();

    private record Stamp(String digest, long acceptMillis) {
    }

    /** What to do with a batch: it is a duplicate, wait for an identical one, or append it. */
    record Claim(Kind kind, CompletableFuture<Appended> future) {
        enum Kind { DUPLICATE, WAIT, OWNER }
    }

    DigestWindow(long windowMillis) {
        if (windowMillis < 0) {
            throw new IllegalArgumentException("dedupWindow: " + windowMillis + " ms (expected: >= 0)");
        }
        this.windowMillis = windowMillis;
    }

    /**
     * DUPLICATE when a stored batch with this digest is within the window; WAIT with the future of an
     * identical batch being appended; otherwise OWNER with a new future, which the caller must settle
     * through {@link #stored} or {@link #released} before completing it.
     */
    synchronized Claim claim(byte[] digest, long nowMillis) {
        expire(nowMillis);
        String key = HEX.formatHex(digest);
        if (stored.containsKey(key)) {
            return new Claim(Claim.Kind.DUPLICATE, null);
        }
        CompletableFuture<Appended> inFlight = pending.get(key);
        if (inFlight != null) {
            return new Claim(Claim.Kind.WAIT, inFlight);
        }
        CompletableFuture<Appended> mine = new CompletableFuture<>();
        pending.put(key, mine);
        return new Claim(Claim.Kind.OWNER, mine);
    }

    /** The owner's batch is in the journal, accepted at {@code acceptMillis}. */
    synchronized void stored(byte[] digest, long acceptMillis) {
        String key = HEX.formatHex(digest);
        pending.remove(key);
        remember(key, acceptMillis);
    }

    /** The owner's batch did not make it; the next identical batch appends itself. */
    synchronized void released(byte[] digest) {
        pending.remove(HEX.formatHex(digest));
    }

    /** Re-learns a stored batch found in the journal at start-up; call oldest first. */
    synchronized void restore(byte[] digest, long acceptMillis) {
        remember(HEX.formatHex(digest), acceptMillis);
    }

    synchronized int size() {
        return stored.size();
    }

    private void remember(String key, long acceptMillis) {
        stored.put(key, acceptMillis);
        acceptOrder.addLast(new Stamp(key, acceptMillis));
    }

    private void expire(long nowMillis) {
        while (!acceptOrder.isEmpty() && nowMillis - acceptOrder.peekFirst().acceptMillis() >= windowMillis) {
            Stamp old = acceptOrder.removeFirst();
            stored.remove(old.digest(), old.acceptMillis());
        }
    }
}
