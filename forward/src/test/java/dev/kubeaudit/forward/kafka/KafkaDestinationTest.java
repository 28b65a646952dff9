package dev.kubeaudit.forward.kafka;

import dev.kubeaudit.forward.ForwardedEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaDestinationTest {
    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = KafkaBroker.in(dir.resolve("broker"));
        broker.start();
        System.out.println("Kafka test broker started in " + broker.lastStartTime().toMillis() + " ms");
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        broker.close();
    }

    @Test
    void everyEventArrivesAsOneRecordWithItsAuditIdLineAndHeaders() throws Exception {
        List<ForwardedEvent> events = AuditLines.numbered(0, 1000);
        try (KafkaDestination destination = KafkaDestination.open(settings("audit-all"))) {
            for (int from = 0; from < events.size(); from += 400) {
                destination.send(events.subList(from, Math.min(events.size(), from + 400)));
            }
        }

        List<TopicRecords.Consumed> records = TopicRecords.readAll(broker.bootstrapServers(), "audit-all");
        assertThat(records).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            assertThat(records.get(i).key()).isEqualTo(AuditLines.auditId(i));
            assertThat(records.get(i).value()).isEqualTo(events.get(i).line());
            assertThat(records.get(i).headers()).containsExactly(Map.entry("cluster", "prod-eu"), Map.entry("node", "cp-1"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "lz4", "zstd"})
    void everyCompressionDeliversTheSameBytes(String compression) throws Exception {
        String topic = "audit-" + compression;
        List<ForwardedEvent> events = AuditLines.numbered(0, 50);
        try (KafkaDestination destination = KafkaDestination.open(settings(topic).withCompression(compression))) {
            destination.send(events);
        }

        List<TopicRecords.Consumed> records = TopicRecords.readAll(broker.bootstrapServers(), topic);
        assertThat(records).extracting(TopicRecords.Consumed::value)
                .containsExactlyElementsOf(events.stream().map(ForwardedEvent::line).toList());
    }

    @Test
    void anUnknownPropertyIsRefusedBeforeAnyConnection() {
        assertThatThrownBy(() -> KafkaDestination.open(settings("audit-x")
                .withProperties(Map.of("security.protocol", "SSL", "ssl.trustsore.location", "/etc/ca.jks"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka destination for topic 'audit-x': properties: ssl.trustsore.location: "
                        + "unknown Kafka producer setting");
    }

    @Test
    void anUnreachableBrokerFailsWithinTheDeliveryTimeoutNamingServersAndTopic() throws Exception {
        String nobody = "127.0.0.1:" + closedPort();
        KafkaSettings settings = KafkaSettings.of(nobody, "audit-nowhere", "prod-eu", "cp-1")
                .withDeliveryTimeout(Duration.ofSeconds(2));
        long began = System.nanoTime();
        try (KafkaDestination destination = KafkaDestination.open(settings)) {
            assertThatThrownBy(() -> destination.send(AuditLines.numbered(0, 100)))
                    .isInstanceOf(KafkaDeliveryException.class)
                    .hasMessageStartingWith("Sending to Kafka topic 'audit-nowhere' at '" + nobody + "' failed: record 1 of 100 was not acknowledged: TimeoutException")
                    .satisfies(e -> assertThat(((KafkaDeliveryException) e).retriable()).isTrue());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2 + 5 + 3));
    }

    @Test
    void aRecordTooLargeIsNotRetriableAndTheNextBatchStillGoesThrough() throws Exception {
        byte[] huge = ("{\"auditID\":\"huge\",\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        List<ForwardedEvent> good = AuditLines.numbered(0, 10);
        try (KafkaDestination destination = KafkaDestination.open(settings("audit-large"))) {
            assertThatThrownBy(() -> destination.send(List.of(ForwardedEvent.ofJsonLine(huge))))
                    .isInstanceOf(KafkaDeliveryException.class)
                    .hasMessageStartingWith("Sending to Kafka topic 'audit-large' at '" + broker.bootstrapServers()
                            + "' failed: record 1 of 1 was not acknowledged: RecordTooLargeException")
                    .satisfies(e -> assertThat(((KafkaDeliveryException) e).retriable()).isFalse());
            destination.send(good);
        }

        assertThat(TopicRecords.readAll(broker.bootstrapServers(), "audit-large"))
                .extracting(TopicRecords.Consumed::key)
                .containsExactly(good.stream().map(ForwardedEvent::auditId).toArray(String[]::new));
    }

    @Test
    void aClosedDestinationRefusesToSend() {
        KafkaDestination destination = KafkaDestination.open(settings("audit-closed"));
        destination.close();
        destination.close();
        assertThatThrownBy(() -> destination.send(AuditLines.numbered(0, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Kafka destination for topic 'audit-closed' is closed");
    }

    private static KafkaSettings settings(String topic) {
        return KafkaSettings.of(broker.bootstrapServers(), topic, "prod-eu", "cp-1");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
