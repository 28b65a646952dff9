package dev.kubeaudit.agent.ingest;

/**
 * What ingest reports for metrics and alerts. Called from Netty event loop threads and from the
 * threads completing journal appends, concurrently: implementations must be thread-safe and quick.
 */
public interface IngestListener {
    /** Does nothing. */
    IngestListener NONE = new IngestListener() {
    };

    /** One request answered with {@code status}, {@code nanos} after its head arrived. */
    default void request(int status, long nanos) {
    }

    /** {@code n} events of a batch newly stored in the journal (duplicates not counted). */
    default void eventsReceived(int n) {
    }

    /** A re-sent batch acknowledged without being stored again. */
    default void duplicateBatch() {
    }

    /**
     * A request refused with 429 or 503; {@code reason} is a {@link BatchSink.Refusal#label()} or
     * {@code "stopping"}.
     */
    default void refused(String reason) {
    }

    /**
     * A request refused with 401 or 403, or a connection closed for a failed TLS handshake;
     * {@code reason} is a {@link WebhookAccess.Decision#reason()} such as
     * {@code client_certificate_missing} or {@code token_wrong}, or {@code tls}.
     */
    default void authFailed(String reason) {
    }

    /** A connection or request cut by one of the {@link IngestLimits}; {@code limit} names which. */
    default void limitHit(String limit) {
    }
}
