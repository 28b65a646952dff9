package dev.kubeaudit.forward.kafka;

import dev.kubeaudit.forward.DeliveryException;

/**
 * Not every record of a batch was acknowledged by the broker: the caller keeps its position and
 * sends the batch again (records acknowledged before the failure arrive twice; delivery is at
 * least once). {@link #retriable()} says whether a later attempt may succeed without a change of
 * configuration.
 */
public final class KafkaDeliveryException extends DeliveryException {
    KafkaDeliveryException(String message, Throwable cause, boolean retriable, String reason) {
        super(message, cause, retriable, reason);
    }
}
