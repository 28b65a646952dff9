package dev.kubeaudit.forward;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Not every event of a batch was acknowledged: the caller keeps its position and sends the batch
 * again. {@link #retriable()} says whether a later attempt may succeed without a change of
 * configuration; {@link #reason()} is a short, stable label for metrics ({@code timeout},
 * {@code connect}, {@code http_503}, {@code refused}, …).
 */
public class DeliveryException extends IOException {
    private final boolean retriable;
    private final String reason;

    public DeliveryException(String message, Throwable cause, boolean retriable, String reason) {
        super(message, cause);
        this.retriable = retriable;
        this.reason = reason;
    }

    public final boolean retriable() {
        return retriable;
    }

    /** A short label for the failures metric: lower case, digits and {@code _} only. */
    public final String reason() {
        return reason;
    }

    /** The least wait before the next attempt that the receiver asked for (HTTP Retry-After); empty when none. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}
