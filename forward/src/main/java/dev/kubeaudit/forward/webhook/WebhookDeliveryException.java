package dev.kubeaudit.forward.webhook;

import dev.kubeaudit.forward.DeliveryException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A batch was not acknowledged with a 2xx: the caller keeps its position and sends the same batch
 * again (a byte-identical body). {@link #retriable()} is true for connection errors, timeouts,
 * credentials that cannot be read just now, 408, 429 and 5xx: a later attempt may succeed
 * unchanged; false for other answers (a 400, 401, 403, 404, 413, a redirect), which need a change
 * of configuration or of the receiver. {@link #retryAfter()} is the receiver's
 * {@code Retry-After}: the least the caller should wait before the next attempt.
 */
public final class WebhookDeliveryException extends DeliveryException {
    private final int status;
    private final transient Duration retryAfter;

    WebhookDeliveryException(String message, Throwable cause, boolean retriable, String reason, int status,
                             Duration retryAfter) {
        super(message, cause, retriable, reason);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status of the answer; empty when there was none (connection error, timeout). */
    public OptionalInt status() {
        return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
    }

    /** The minimum wait before the next attempt the receiver asked for (its Retry-After, capped at 15 minutes). */
    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
