package dev.kubeaudit.agent.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * What ingest reports for metrics and alerts. Called from Netty event loop threads and from the
 * threads completing journal appends, concurrently: implementations must be thread-safe and quick.
 */
public interface IngestListener {
    /** Does nothing. */
    IngestListener NONE = new IngestListener() {
    };

    /** The {@link #refused} reason while the agent stops (503). */
    String STOPPING = "stopping";

    /** The {@link #refused} reason when the journal failed for good (503; the agent then exits). */
    String UNAVAILABLE = "unavailable";

    /** Every reason {@link #refused} reports: the {@link BatchSink.Refusal} labels, {@link #STOPPING}, {@link #UNAVAILABLE}. */
    static List<String> refusalReasons() {
        List<String> reasons = new ArrayList<>();
        for (BatchSink.Refusal r : BatchSink.Refusal.values()) {
            reasons.add(r.label());
        }
        reasons.add(STOPPING);
        reasons.add(UNAVAILABLE);
        return List.copyOf(reasons);
    }

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
     * A request refused with 429 or 503; {@code reason} is one of {@link #refusalReasons()}.
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
