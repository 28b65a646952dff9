package dev.kubeaudit.forward.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One Kafka destination: where to ({@code bootstrapServers}, {@code topic}), how records are
 * compressed ({@code none}, {@code gzip}, {@code lz4} or {@code zstd}), how long one batch may wait
 * for the broker's acknowledgement ({@code deliveryTimeout}, Kafka's {@code delivery.timeout.ms}),
 * further producer {@code properties} passed to the client unchanged (SASL, SSL, …; checked by
 * {@link KafkaProperties#problems}), and the {@code cluster} and {@code node} headers of every record.
 */
public record KafkaSettings(String bootstrapServers, String topic, String compression, Duration deliveryTimeout,
                            Map<String, String> properties, String cluster, String node) {
    /** The compression codecs the client here can write without further libraries. */
    public static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "lz4", "zstd");
    public static final String DEFAULT_COMPRESSION = "zstd";
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    public KafkaSettings {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(topic, "topic");
        requireText(cluster, "cluster");
        requireText(node, "node");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException("compression: " + compression + " (expected: one of none, gzip, lz4, zstd)");
        }
        if (deliveryTimeout.toMillis() < 1000 || deliveryTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("deliveryTimeout: " + deliveryTimeout + " (expected: at least 1s)");
        }
        properties = Map.copyOf(properties);
    }

    /** The defaults for compression and delivery timeout, no further properties. */
    public static KafkaSettings of(String bootstrapServers, String topic, String cluster, String node) {
        return new KafkaSettings(bootstrapServers, topic, DEFAULT_COMPRESSION, DEFAULT_DELIVERY_TIMEOUT,
                Map.of(), cluster, node);
    }

    public KafkaSettings withCompression(String codec) {
        return new KafkaSettings(bootstrapServers, topic, codec, deliveryTimeout, properties, cluster, node);
    }

    public KafkaSettings withDeliveryTimeout(Duration timeout) {
        return new KafkaSettings(bootstrapServers, topic, compression, timeout, properties, cluster, node);
    }

    public KafkaSettings withProperties(Map<String, String> clientProperties) {
        return new KafkaSettings(bootstrapServers, topic, compression, deliveryTimeout, clientProperties, cluster, node);
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + ": " + (value == null ? "missing" : "empty") + " (expected: a value)");
        }
    }
}
