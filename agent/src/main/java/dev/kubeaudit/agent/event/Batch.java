package dev.kubeaudit.agent.event;

import java.util.List;
import java.util.Objects;

/**
 * One accepted webhook request: the EventList's apiVersion and its events. Each element of
 * {@code items} is the exact content of one audit.log line without its trailing newline: the
 * item's bytes as received (whitespace outside strings removed, nothing else changed), prefixed
 * with {@code {"kind":"Event","apiVersion":"<the EventList's apiVersion>",} when the item carries
 * neither kind nor apiVersion, as kube-apiserver's log backend writes it. {@code digest}
 * identifies the request body (SHA-256) for de-duplication of re-sent batches.
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
