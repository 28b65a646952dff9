package dev.kubeaudit.agent.event;

import java.util.List;
import java.util.Objects;

/**
 * One accepted webhook request: the EventList's apiVersion and its items, each the compact JSON
 * bytes of one audit event exactly as received (whitespace outside strings removed, nothing else
 * changed). {@code digest} identifies the request body for de-duplication of re-sent batches.
 * Immutable by contract: nobody writes into the arrays after construction.
 */
public record Batch(String apiVersion, List<byte[]> items, byte[] digest) {
    public Batch {
        Objects.requireNonNull(apiVersion, "apiVersion");
        items = List.copyOf(items);
        Objects.requireNonNull(digest, "digest");
    }

    /** Sum of the item sizes in bytes. */
    public long itemBytes() {
        long n = 0;
        for (byte[] item : items) {
            n += item.length;
        }
        return n;
    }
}
