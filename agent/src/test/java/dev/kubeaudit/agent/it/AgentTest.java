package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled agent over real HTTP: back-pressure, de-duplication, metrics and health. */
class AgentTest {
    @TempDir
    Path dir;

    @AfterEach
    void noAgentThreadOutlivesClose() {
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(5));
    }

    static List<String> events(String prefix, int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(Webhook.V1_PREFIX + "\"level\":\"Metadata\",\"auditID\":\"" + prefix + "-" + i
                    + "\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/healthz\",\"verb\":\"get\"}");
        }
        return lines;
    }

    @Test
    void refusesWith429WhileTheUnconsumedJournalIsFullAndAcceptsOnceDrained() throws Exception {
        AgentConfig config = TestConfigs.withJournal(TestConfigs.under(dir), 1, AgentConfig.SyncMode.NONE,
                Duration.ofMinutes(10));
        List<String> expected = new ArrayList<>();
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            agent.writer().pause();
            List<String> first = events("first", 10);
            assertThat(webhook.post(Webhook.eventList(first)).statusCode()).isEqualTo(200);
            expected.addAll(first);

            HttpResponse<String> refused = webhook.post(Webhook.eventList(events("refused", 10)));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");

            agent.writer().resume();
            List<String> second = events("second", 10);
            awaitUntil(Duration.ofSeconds(20), () -> post(webhook, second) == 200, "accepted again after draining");
            expected.addAll(second);
            awaitUntil(Duration.ofSeconds(20), () -> lines(config).size() >= expected.size(), "all written");
        }
        assertThat(lines(config)).containsExactlyElementsOf(expected);
    }

    @Test
    void aResentIdenticalBatchIsWrittenOnceAlsoAcrossARestart() throws Exception {
        AgentConfig config = TestConfigs.under(dir);
        byte[] body = Webhook.eventList(events("dup", 5));
        List<String> reused = events("dup", 5).subList(0, 1);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            assertThat(webhook.post(body).statusCode()).isEqualTo(200);
            assertThat(webhook.post(body).statusCode()).isEqualTo(200);
            awaitUntil(Duration.ofSeconds(20), () -> lines(config).size() >= 5, "first copy written");
            assertThat(metrics(agent)).containsPattern("audit_agent_duplicate_batches_total(\\{[^}]*})? 1.0");
        }
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            assertThat(webhook.post(body).statusCode()).isEqualTo(200);
            // A different batch that reuses an auditID is a different request: written.
            assertThat(webhook.post(Webhook.eventList(reused)).statusCode()).isEqualTo(200);
            awaitUntil(Duration.ofSeconds(20), () -> lines(config).size() >= 6, "reused auditID written");
        }
        List<String> lines = lines(config);
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 5)).containsExactlyElementsOf(events("dup", 5));
        assertThat(lines.get(5)).isEqualTo(reused.get(0));
    }

    @Test
    void servesMetricsHealthAndReadiness() throws Exception {
        AgentConfig config = TestConfigs.under(dir);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            new Webhook(agent.ingestPort()).post(Webhook.eventList(events("m", 3)));
            awaitUntil(Duration.ofSeconds(20), () -> lines(config).size() >= 3, "written");
            awaitUntil(Duration.ofSeconds(5), () -> metricsQuietly(agent).matches("(?s).*audit_agent_events_written_total\\{[^}]*} 3\\.0.*"),
                    "events_written_total reaches 3");
            String text = metrics(agent);
            assertThat(text)
                    .containsPattern("audit_agent_events_received_total\\{cluster=\"default\",node=\"test-node\"} 3\\.0")
                    .containsPattern("audit_agent_requests_total\\{[^}]*code=\"200\"[^}]*} 1.0")
                    .contains("audit_agent_request_duration_seconds_bucket")
                    .contains("audit_agent_journal_backlog_events")
                    .contains("audit_agent_journal_disk_bytes")
                    .contains("audit_agent_disk_free_bytes")
                    .contains("audit_agent_log_bytes_written_total")
                    .contains("audit_agent_log_rotations_total")
                    .contains("jvm_memory_used_bytes");
            assertThat(get(agent, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(agent, "/readyz").statusCode()).isEqualTo(200);
        }
    }

    static int post(Webhook webhook, List<String> events) {
        try {
            return webhook.post(Webhook.eventList(events)).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static List<String> lines(AgentConfig config) {
        try {
            return AuditLogFiles.lines(config.log().path());
        } catch (IOException | AssertionError e) {
            return List.of();
        }
    }

    static String metrics(Agent agent) throws IOException, InterruptedException {
        return get(agent, "/metrics").body();
    }

    static String metricsQuietly(Agent agent) {
        try {
            return metrics(agent);
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    static HttpResponse<String> get(Agent agent, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.metricsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
