package dev.kubeaudit.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaPropertiesTest {
    @Test
    void producerSslAndSaslSettingsAreAccepted() {
        assertThat(KafkaProperties.problems(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/ca.p12",
                "ssl.truststore.type", "PKCS12",
                "linger.ms", "20",
                "batch.size", "65536",
                "client.id", "audit-agent-cp-1"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ssl.trustsore.location | /etc/ca.jks | properties: ssl.trustsore.location: unknown Kafka producer setting",
        "group.id               | audit       | properties: group.id: unknown Kafka producer setting",
        "acks                   | 1           | properties: acks: set by the destination (always all)",
        "enable.idempotence     | false       | properties: enable.idempotence: set by the destination (always true)",
        "bootstrap.servers      | other:9092  | properties: bootstrap.servers: set by the destination (use bootstrapServers)",
        "compression.type       | snappy      | properties: compression.type: set by the destination (use compression)",
        "delivery.timeout.ms    | 1000        | properties: delivery.timeout.ms: set by the destination (use deliveryTimeout)",
    })
    void aNameThatIsUnknownOrOwnedByTheDestinationIsRefused(String name, String value, String problem) {
        assertThat(KafkaProperties.problems(Map.of(name, value))).containsExactly(problem);
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedWithKafkasReason() {
        assertThat(KafkaProperties.problems(Map.of("linger.ms", "soon")))
                .singleElement().asString()
                .startsWith("properties: linger.ms: ")
                .contains("soon");
    }

    @Test
    void problemsAreReportedTogetherInNameOrder() {
        assertThat(KafkaProperties.problems(Map.of("zzz", "1", "acks", "0", "linger.ms", "5")))
                .containsExactly(
                        "properties: acks: set by the destination (always all)",
                        "properties: zzz: unknown Kafka producer setting");
    }
}
