package dev.kubeaudit.shipper.store;

import java.io.IOException;

/**
 * A failed upload, classified so that the shipper knows how to retry: at the normal backoff, at
 * the slow pace of a permanent error, and whether the whole store or only this segment is
 * affected. The message names the operation, the key and what the store said; never credentials.
 */
public final class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Kinds of failure; {@link #reason()} is the metrics label. */
    public enum Kind {
        /** Network error, timeout, 5xx, throttling: the store is (briefly) unreachable. */
        UNAVAILABLE(false, false),
        /** 403, bad or missing credentials. */
        DENIED(true, false),
        /** The bucket does not exist. */
        NO_BUCKET(true, false),
        /** The store refused the bytes because they do not match the checksum sent. */
        CHECKSUM(false, true),
        /** An object with other content already exists at the key: it is never overwritten. */
        CONFLICT(true, true),
        /** The store answered the upload with success but holds other bytes (size, checksum or ETag differ). */
        CORRUPTED(true, true),
        /** The local segment could not be read. */
        LOCAL(false, true),
        /** Any other refusal of the request (4xx), e.g. an invalid storage class: a configuration problem. */
        REJECTED(true, false);

        private final boolean permanent;
        private final boolean segmentOnly;

        Kind(boolean permanent, boolean segmentOnly) {
            this.permanent = permanent;
            this.segmentOnly = segmentOnly;
        }

        public String reason() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Kind kind;

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public StoreException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Retrying soon will not help (a human must fix something); retried at the slow pace. */
    public boolean permanent() {
        return kind.permanent;
    }

    /** Only this segment is affected; other segments may still be shipped meanwhile. */
    public boolean segmentOnly() {
        return kind.segmentOnly;
    }
}
