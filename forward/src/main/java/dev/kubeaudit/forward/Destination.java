package dev.kubeaudit.forward;

import java.io.Closeable;
import java.util.List;

/**
 * Somewhere journaled events are forwarded to (a webhook, a Kafka topic). One forwarder thread
 * calls {@link #send} with batches formed from journal positions, in journal order, and advances
 * its position only after {@link #send} returned; after a {@link DeliveryException} it sends the
 * same batch again (delivery is at least once). {@link #close()} may come from another thread,
 * ends a {@link #send} in progress within the destination's own timeout and is idempotent.
 */
public interface Destination extends Closeable {
    /**
     * Delivers {@code events} in order and returns only once the receiver acknowledged all of them.
     *
     * @throws DeliveryException when not every event was acknowledged; {@link DeliveryException#retriable()}
     *         says whether sending the same batch again may succeed
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    void send(List<ForwardedEvent> events) throws DeliveryException, InterruptedException;

    @Override
    void close();
}
