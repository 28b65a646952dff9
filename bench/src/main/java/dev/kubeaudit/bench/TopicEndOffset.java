package dev.kubeaudit.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints the number of records a Kafka topic holds: the sum of its partitions' end offsets (a
 * topic written by one idempotent producer, never compacted or trimmed, so offsets start at 0),
 * or 0 when the topic does not exist yet. For the forwarding benchmark's "caught up" check.
 *
 * <p>{@code java -cp bench/target/audit-bench.jar dev.kubeaudit.bench.TopicEndOffset 127.0.0.1:19092 k8s-audit}
 */
public final class TopicEndOffset {
    private TopicEndOffset() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("arguments: " + Arrays.toString(args) + " (expected: BOOTSTRAP TOPIC)");
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(args[1], Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            long records = consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream()
                    .mapToLong(Long::longValue).sum();
            System.out.println(records);
        }
    }
}
