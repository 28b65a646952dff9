package dev.kubeaudit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ForwardConfigTest {
    private static final String KAFKA = "  kafka: {bootstrapServers: \"k1:9093,k2:9093\", topic: audit}\n";

    @TempDir
    Path dir;

    @Test
    void readsBothKindsWithTheirDefaults() throws Exception {
        Path file = write("""
                forward:
                - name: falco
                  webhook: {kubeconfig: /etc/falco.kubeconfig, timeout: 10s}
                - name: bus
                  kafka: {bootstrapServers: "k1:9093,k2:9093", topic: k8s-audit, compression: lz4, properties: {security.protocol: SSL, linger.ms: 20}}
                  maxBacklog: 6h
                  onOverflow: block
                  maxBatchEvents: 100
                  maxBatchBytes: 1Mi
                """);
        List<AgentConfig.Forward> forward = ConfigLoader.load(file, List.of()).forward();
        assertThat(forward).containsExactly(
                new AgentConfig.Forward("falco", new AgentConfig.Webhook(Path.of("/etc/falco.kubeconfig"), Duration.ofSeconds(10)), null,
                        1L << 30, Duration.ZERO, AgentConfig.Forward.Overflow.SKIP, 400, 4L << 20),
                new AgentConfig.Forward("bus", null, new AgentConfig.Kafka("k1:9093,k2:9093", "k8s-audit", "lz4",
                        Map.of("security.protocol", "SSL", "linger.ms", "20")),
                        0, Duration.ofHours(6), AgentConfig.Forward.Overflow.BLOCK, 100, 1L << 20));
    }

    @Test
    void aByteSizeBacklogIsKeptInBytes() throws Exception {
        Path file = write("forward:\n- name: a\n" + KAFKA + "  maxBacklog: 512Mi\n");
        AgentConfig.Forward f = ConfigLoader.load(file, List.of()).forward().get(0);
        assertThat(f.maxBacklogBytes()).isEqualTo(512L << 20);
        assertThat(f.maxBacklogAge()).isZero();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("forward: kafka", "1: forward: kafka (expected: a list of maps with keys: name, webhook, kafka, maxBacklog, onOverflow, maxBatchEvents, maxBatchBytes)"),
                Arguments.of("forward:\n- falco", "2: forward[0]: falco (expected: a map with keys: name, webhook, kafka, maxBacklog, onOverflow, maxBatchEvents, maxBatchBytes)"),
                Arguments.of("forward:\n- name: a b\n" + KAFKA, "2: forward[0].name: a b (expected: a unique name of 1-63 letters, digits, '_', '.' or '-')"),
                Arguments.of("forward:\n- " + KAFKA.strip(), "2: forward[0].name: (not set) (expected: a unique name of 1-63 letters, digits, '_', '.' or '-')"),
                Arguments.of("forward:\n- name: a\n" + KAFKA + "- name: a\n" + KAFKA, "4: forward[1].name: a (expected: a unique name of 1-63 letters, digits, '_', '.' or '-' (also used on line 2))"),
                Arguments.of("forward:\n- name: a", "2: forward[0].webhook: (not set) (expected: exactly one of webhook: {kubeconfig: FILE} and kafka: {bootstrapServers, topic})"),
                Arguments.of("forward:\n- name: a\n  webhook: {kubeconfig: f}\n" + KAFKA, "4: forward[0].kafka: a map (expected: exactly one of webhook: {kubeconfig: FILE} and kafka: {bootstrapServers, topic})"),
                Arguments.of("forward:\n- name: a\n  webhook: {kubeconfig: f, url: http://x}", "3: forward[0].webhook.url: unknown key (expected one of: kubeconfig, timeout)"),
                Arguments.of("forward:\n- name: a\n  webhook: {kubeconfig: f, timeout: 500ms}", "3: forward[0].webhook.timeout: 500ms (expected: a duration from 1s to 10m)"),
                Arguments.of("forward:\n- name: a\n  webhook: {kubeconfig: f, timeout: soon}", "3: forward[0].webhook.timeout: soon (expected: " + GoDuration.EXPECTED + ")"),
                Arguments.of("forward:\n- name: a\n  webhook: {kubeconfig: \"\"}", "3: forward[0].webhook.kubeconfig: \"\" (expected: the path of a kubeconfig file naming the webhook's server and credentials)"),
                Arguments.of("forward:\n- name: a\n  kafka: {bootstrapServers: kafka-1, topic: t}", "3: forward[0].kafka.bootstrapServers: kafka-1 (expected: host:port[,host:port…])"),
                Arguments.of("forward:\n- name: a\n  kafka: {bootstrapServers: \"k:1\", topic: a/b}", "3: forward[0].kafka.topic: a/b (expected: a Kafka topic name of 1-249 letters, digits, '.', '_' or '-')"),
                Arguments.of("forward:\n- name: a\n  kafka: {bootstrapServers: \"k:1\", topic: t, compression: snappy}", "3: forward[0].kafka.compression: snappy (expected: none, gzip, lz4 or zstd)"),
                Arguments.of("forward:\n- name: a\n  kafka: {bootstrapServers: \"k:1\", topic: t, properties: {sasl.jaas.config: [x]}}", "3: forward[0].kafka.properties.sasl.jaas.config: a list (expected: a string, number or boolean)"),
                Arguments.of("forward:\n- name: a\n" + KAFKA + "  maxBacklog: lots", "4: forward[0].maxBacklog: lots (expected: a byte size >= 1Mi such as 512Mi or 10Gi, or a duration > 0 such as 6h)"),
                Arguments.of("forward:\n- name: a\n" + KAFKA + "  maxBacklog: 0", "4: forward[0].maxBacklog: 0 (expected: a byte size >= 1Mi such as 512Mi or 10Gi, or a duration > 0 such as 6h)"),
                Arguments.of("forward:\n- name: a\n" + KAFKA + "  onOverflow: drop", "4: forward[0].onOverflow: drop (expected: skip or block)"),
                Arguments.of("forward:\n- name: a\n" + KAFKA + "  maxBatchEvents: 0", "4: forward[0].maxBatchEvents: 0 (expected: an integer from 1 to 100000)"),
                Arguments.of("forward:\n- name: a\n" + KAFKA + "  maxBatchBytes: 10", "4: forward[0].maxBatchBytes: 10 (expected: a byte size from 1024 to 1073741824, e.g. 16Ki)"),
                Arguments.of("forward:\n- name: a\n" + KAFKA + "  retries: 3", "4: forward[0].retries: unknown key (expected one of: name, webhook, kafka, maxBacklog, onOverflow, maxBatchEvents, maxBatchBytes)"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badValues")
    void reportsTheBadValueWithFileLineKeyAndExpectation(String yaml, String problem) throws IOException {
        Path file = write(yaml);
        assertThat(ConfigLoaderProblemsTest.problems(file, List.of())).containsExactly(file + ":" + problem);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), yaml);
    }
}
