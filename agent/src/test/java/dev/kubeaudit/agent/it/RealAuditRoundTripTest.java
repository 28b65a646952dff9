package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.TestData;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real audit data through the real HTTP server, journal and writer. */
class RealAuditRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Path> realV1AuditLogs() throws IOException {
        try (Stream<Path> files = Files.list(TestData.realAudit())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("realV1AuditLogs")
    void aRealAuditLogSentThroughTheWebhookComesBackByteForByte(Path original) throws Exception {
        byte[] expected = Files.readAllBytes(original);
        List<String> lines = Arrays.asList(new String(expected, StandardCharsets.UTF_8).split("\n"));
        AgentConfig config = TestConfigs.under(dir);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            for (List<String> batch : Webhook.batches(lines, 400)) {
                assertThat(webhook.post(Webhook.eventList(batch)).statusCode()).isEqualTo(200);
            }
            Path log = config.log().path();
            awaitUntil(Duration.ofSeconds(30), () -> sizeOf(log) >= expected.length, "audit.log complete");
        }
        assertThat(Files.readAllBytes(config.log().path())).isEqualTo(expected);
    }

    @Test
    void realApiserverWebhookRequestsGiveTheApiserversOwnAuditLog() throws Exception {
        Path webhookDir = TestData.realWebhook();
        List<Path> bodies;
        try (Stream<Path> files = Files.list(webhookDir)) {
            bodies = files.filter(p -> p.getFileName().toString().matches("eventlist-\\d+\\.json")).sorted().toList();
        }
        List<String> expected = new ArrayList<>(Files.readAllLines(webhookDir.resolve("apiserver-own-audit.log")));
        AgentConfig config = TestConfigs.under(dir);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            List<Future<Integer>> statuses = new ArrayList<>();
            for (Path body : bodies) {
                byte[] bytes = Files.readAllBytes(body);
                statuses.add(pool.submit(() -> webhook.post(bytes).statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
            Path log = config.log().path();
            awaitUntil(Duration.ofSeconds(30), () -> lineCount(log) >= expected.size(), "all events in audit.log");
        } finally {
            pool.shutdownNow();
        }
        List<String> actual = new ArrayList<>(Files.readAllLines(config.log().path()));
        actual.sort(null);
        expected.sort(null);
        assertThat(actual).hasSize(447).isEqualTo(expected);
    }

    static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
