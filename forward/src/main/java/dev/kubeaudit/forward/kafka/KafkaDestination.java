package dev.kubeaudit.forward.kafka;

import dev.kubeaudit.forward.Destination;
import dev.kubeaudit.forward.ForwardedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends events to one Kafka topic with the official client: one record per event, key the
 * event's auditID (UTF-8), value its audit.log line (without the newline), headers {@code cluster}
 * and {@code node}. The producer is idempotent with {@code acks=all}, so the broker keeps each
 * record once however often the client retries within one {@link #send}.
 *
 * <p>{@link #send} returns only when the broker acknowledged every record of the batch, or throws
 * {@link KafkaDeliveryException} within about {@link KafkaSettings#deliveryTimeout()}: a journal
 * consumer advances its position after a return and sends the batch again after a throw (records
 * acknowledged before the failure then arrive twice). After a failure that is not retriable (a
 * record too large, an authorization error, …) the client is replaced by a new one, since Kafka's
 * producer may be left in a fatal state. {@link #close()} waits briefly for what is in flight.
 * {@link #send} is for one thread at a time (the destination's own); {@link #close()} may come from
 * another and is idempotent.
 */
public final class KafkaDestination implements Destination {
    /** Slack beyond the delivery timeout before a missing acknowledgement is reported by us. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    /**
     * None: every record of a batch is handed to the client before its acknowledgements are
     * awaited, so lingering could only hold back the last producer batch (it halved the drain rate).
     */
    private static final long LINGER_MS = 0;
    /** How long {@link #close()} waits for records in flight, so that an agent stops within its few seconds. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaSettings settings;
    private final List<Header> headers;
    private final Object lock = new Object();
    private KafkaProducer<byte[], byte[]> producer;   // guarded by lock
    private boolean closed;                          // guarded by lock

    private KafkaDestination(KafkaSettings settings, KafkaProducer<byte[], byte[]> producer) {
        this.settings = settings;
        this.producer = producer;
        this.headers = List.of(
                new RecordHeader("cluster", settings.cluster().getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("node", settings.node().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A destination with its producer; connects lazily (an unreachable broker shows in the first
     * {@link #send}).
     *
     * @throws IllegalArgumentException when the properties have problems ({@link KafkaProperties})
     *         or the client refuses the configuration (e.g. a bootstrap server that does not resolve)
     */
    public static KafkaDestination open(KafkaSettings settings) {
        List<String> problems = KafkaProperties.problems(settings.properties());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Kafka destination for topic '" + settings.topic() + "': "
                    + String.join("; ", problems));
        }
        try {
            return new KafkaDestination(settings, newProducer(settings));
        } catch (KafkaException e) {
            throw new IllegalArgumentException("Kafka producer for topic '" + settings.topic() + "' at '"
                    + settings.bootstrapServers() + "' could not be created: " + reason(e), e);
        }
    }

    private static KafkaProducer<byte[], byte[]> newProducer(KafkaSettings settings) {
        return new KafkaProducer<>(producerConfig(settings), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The client configuration: the user's properties, then the settings this destination owns. */
    static Properties producerConfig(KafkaSettings settings) {
        long delivery = settings.deliveryTimeout().toMillis();
        Properties config = new Properties();
        config.putAll(settings.properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        config.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(LINGER_MS));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(delivery));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, (delivery - LINGER_MS) / 2)));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(delivery));
        config.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "audit-agent-" + settings.topic());
        return config;
    }

    /**
     * Sends {@code events} in order and waits until the broker acknowledged each of them.
     *
     * @throws KafkaDeliveryException naming the topic and bootstrap servers when a record was not
     *         acknowledged within the delivery timeout or was refused
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    @Override
    public void send(List<ForwardedEvent> events) throws KafkaDeliveryException, InterruptedException {
        KafkaProducer<byte[], byte[]> client = producer();
        try {
            sendAll(client, events);
        } catch (KafkaDeliveryException e) {
            if (!e.retriable()) {
                renew(client, e);
            }
            throw e;
        }
    }

    private void sendAll(KafkaProducer<byte[], byte[]> client, List<ForwardedEvent> events)
            throws KafkaDeliveryException, InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (ForwardedEvent event : events) {
            Future<RecordMetadata> ack = sendOne(client, event, acks.size(), events.size());
            acks.add(ack);
            if (ack.isDone()) {
                await(ack, acks.size() - 1, events.size(), 0);   // refused at once (no metadata): stop here
            }
        }
        long deadline = System.nanoTime() + settings.deliveryTimeout().plus(GRACE).toNanos();
        for (int i = 0; i < acks.size(); i++) {
            await(acks.get(i), i, events.size(), deadline - System.nanoTime());
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("Kafka destination for topic '" + settings.topic() + "' is closed");
            }
            return producer;
        }
    }

    /** Replaces {@code failed} with a new client; the records it still holds are dropped (they are sent again). */
    private void renew(KafkaProducer<byte[], byte[]> failed, KafkaDeliveryException reason) {
        KafkaProducer<byte[], byte[]> next;
        try {
            next = newProducer(settings);
        } catch (KafkaException e) {
            reason.addSuppressed(e);
            return;
        }
        synchronized (lock) {
            if (closed || producer != failed) {
                next.close(Duration.ZERO);
                return;
            }
            producer = next;
        }
        failed.close(Duration.ZERO);
    }

    private Future<RecordMetadata> sendOne(KafkaProducer<byte[], byte[]> client, ForwardedEvent event, int index, int total)
            throws KafkaDeliveryException {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.topic(), null,
                event.auditId().getBytes(StandardCharsets.UTF_8), event.line(), headers);
        try {
            return client.send(record);
        } catch (KafkaException e) {
            throw failure("record " + (index + 1) + " of " + total + " was refused by the client", e);
        }
    }

    private void await(Future<RecordMetadata> ack, int index, int total, long nanos)
            throws KafkaDeliveryException, InterruptedException {
        try {
            ack.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw failure("record " + (index + 1) + " of " + total + " was not acknowledged", e.getCause());
        } catch (TimeoutException e) {
            throw failure("record " + (index + 1) + " of " + total + " was not acknowledged within "
                    + settings.deliveryTimeout().plus(GRACE).toMillis() + " ms", e);
        }
    }

    private KafkaDeliveryException failure(String what, Throwable cause) {
        boolean retriable = cause instanceof RetriableException || cause instanceof TimeoutException;
        return new KafkaDeliveryException("Sending to Kafka topic '" + settings.topic() + "' at '"
                + settings.bootstrapServers() + "' failed: " + what + ": " + reason(cause), cause, retriable,
                label(cause));
    }

    /** The failures metric's label: the client's exception, e.g. {@code timeout}, {@code record_too_large}. */
    static String label(Throwable cause) {
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "timeout";
        }
        String name = cause.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String reason(Throwable cause) {
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }

    /**
     * Closes the client, waiting at most {@link #CLOSE_TIMEOUT} for records in flight: a record not
     * acknowledged by then belongs to a batch whose {@link #send} did not return, which is sent again.
     */
    @Override
    public void close() {
        KafkaProducer<byte[], byte[]> client;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            client = producer;
        }
        client.close(CLOSE_TIMEOUT);
    }
}
