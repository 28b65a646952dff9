package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.BuildInfo;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit-agent status} against a real agent on loopback (this module has no shipper, so
 * shipping shows as off): healthy with the right numbers, in text and JSON; a stalled writer and a
 * full journal; an agent not there; usage and configuration errors.
 */
class StatusCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void noAgentThreadOutlivesClose() {
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(5));
    }

    private static String url(Agent agent) {
        return "http://127.0.0.1:" + agent.metricsPort() + "/metrics";
    }

    private static void postAndAwaitWritten(Agent agent, AuditTraffic traffic, int batches) throws Exception {
        Webhook webhook = new Webhook(agent.ingestPort());
        for (int i = 0; i < batches; i++) {
            assertThat(traffic.post(webhook)).isEqualTo(200);
        }
        int events = traffic.acknowledged().size();
        awaitUntil(Duration.ofSeconds(20), () -> {
            String text = Scrape.text(agent.metricsPort());
            return Scrape.value(text, "audit_agent_events_written_total", "") == events
                    && Scrape.value(text, "audit_agent_journal_backlog_events", "") == 0;
        }, events + " events written and checkpointed");
    }

    @Test
    void aHealthyAgentExits0WithItsNumbersInTextAndJson() throws Exception {
        AuditTraffic traffic = new AuditTraffic(7);
        try (Agent agent = Agent.start(TestConfigs.under(dir), Clock.systemUTC())) {
            postAndAwaitWritten(agent, traffic, 3);

            assertThat(Main.execute("status", "--metrics", url(agent))).isZero();
            BuildInfo build = BuildInfo.current();
            assertThat(streams.out())
                    .startsWith("audit-agent at " + url(agent) + ": healthy\n")
                    .contains("  ready        yes (/readyz 200)")
                    .contains("  version      " + build.version() + ", revision ")
                    .contains("cluster default, node test-node")
                    .contains("over the last minute (21 and 21 since the start)")
                    .contains("  journal      backlog 0 events, 0 B, oldest waiting 0s")
                    .contains("  shipping     off")
                    .contains("  last hour    0 refused requests (4xx/5xx), 0 authentication failures")
                    .contains("  certificate  none (no TLS)")
                    .doesNotContain("problems:");

            assertThat(Main.execute("status", "--metrics", url(agent), "-o", "json")).isZero();
            String text = streams.out();
            JsonNode status = json.readTree(text.substring(text.indexOf("\n{") + 1));
            assertThat(status.get("url").asText()).isEqualTo(url(agent));
            assertThat(status.get("reachable").asBoolean()).isTrue();
            assertThat(status.get("healthy").asBoolean()).isTrue();
            assertThat(status.get("ready").asBoolean()).isTrue();
            assertThat(status.get("version").asText()).isEqualTo(build.version());
            assertThat(status.get("revision").asText()).isEqualTo(build.revision());
            assertThat(status.get("node").asText()).isEqualTo("test-node");
            assertThat(status.get("uptimeSeconds").asDouble()).isPositive();
            assertThat(status.at("/events/receivedTotal").asLong()).isEqualTo(21);
            assertThat(status.at("/events/writtenTotal").asLong()).isEqualTo(21);
            assertThat(status.at("/events/receivedPerSecond").asDouble()).isPositive();
            assertThat(status.at("/journal/backlogEvents").asLong()).isZero();
            assertThat(status.at("/journal/backlogAgeSeconds").asDouble()).isZero();
            assertThat(status.at("/lastHour/refusedRequests").asLong()).isZero();
            assertThat(status.get("shipping").isNull()).isTrue();
            assertThat(status.get("certificate").isNull()).isTrue();
            assertThat(status.get("problems")).isEmpty();
        }
    }

    @Test
    void aStalledWriterAndAFullJournalExit1WithEachProblemListed() throws Exception {
        MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
        AgentConfig config = TestConfigs.withJournal(TestConfigs.under(dir), 1, AgentConfig.SyncMode.NONE,
                Duration.ofMinutes(10));
        try (Agent agent = Agent.start(config, clock)) {
            agent.writer().pause();
            Webhook webhook = new Webhook(agent.ingestPort());
            AuditTraffic traffic = new AuditTraffic(4);
            assertThat(traffic.post(webhook)).isEqualTo(200);
            assertThat(traffic.post(webhook)).as("refused: the backlog is over journal.maxDiskBytes").isEqualTo(429);
            Scrape.text(agent.metricsPort()); // the writer's stall is timed from the first look that finds events waiting
            clock.advance(Duration.ofMinutes(2));

            assertThat(Main.execute("status", "--metrics", url(agent), "-o", "json")).isEqualTo(1);
            JsonNode status = json.readTree(streams.out());
            assertThat(status.get("healthy").asBoolean()).isFalse();
            assertThat(status.get("ready").asBoolean()).isFalse();
            assertThat(status.at("/journal/backlogEvents").asLong()).isEqualTo(4);
            assertThat(status.at("/journal/backlogAgeSeconds").asDouble()).isEqualTo(120);
            assertThat(status.at("/journal/writerStalled").asBoolean()).isTrue();
            assertThat(status.at("/lastHour/refusedRequests").asLong()).isEqualTo(1);
            assertThat(status.get("problems")).extracting(JsonNode::asText).anySatisfy(p ->
                    assertThat(p).startsWith("not ready: /readyz answered 503")).anySatisfy(p ->
                    assertThat(p).startsWith("log writer stalled")).anySatisfy(p ->
                    assertThat(p).startsWith("journal refusing batches (429): backlog"));
            agent.writer().resume();
        }
    }

    @Test
    void anAgentNotThereExits1NamingTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/metrics";
        assertThat(Main.execute("status", "--metrics", url)).isEqualTo(1);
        assertThat(streams.out()).contains("audit-agent at " + url + ": UNHEALTHY")
                .contains("problems:\n  - cannot reach " + url + ": cannot connect");

        assertThat(Main.execute("status", "--metrics", "http://127.0.0.1:" + port, "-o", "json")).isEqualTo(1);
        String text = streams.out();
        JsonNode status = json.readTree(text.substring(text.indexOf("\n{") + 1));
        assertThat(status.get("reachable").asBoolean()).isFalse();
        assertThat(status.get("url").asText()).as("no path: /metrics").isEqualTo(url);
        assertThat(status.get("problems").get(0).asText()).startsWith("cannot reach " + url);
    }

    @Test
    void theConfigurationNamesTheEndpointAWildcardAddressOnLoopback() throws Exception {
        try (Agent agent = Agent.start(TestConfigs.under(dir), Clock.systemUTC())) {
            Path file = dir.resolve("agent.yaml");
            Files.writeString(file, "metrics:\n  address: 0.0.0.0\n  port: " + agent.metricsPort() + "\n");
            assertThat(Main.execute("status", "--config", file.toString())).isZero();
            assertThat(streams.out()).startsWith("audit-agent at " + url(agent) + ": healthy");
        }
    }

    @Test
    void usageAndConfigurationErrorsExit2() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "metrics:\n  port: lots\n");
        assertThat(Main.execute("status", "--config", file.toString())).isEqualTo(2);
        assertThat(streams.err()).contains(file + ":2: metrics.port: lots");

        Files.writeString(file, "metrics:\n  port: 0\n");
        assertThat(Main.execute("status", "--config", file.toString())).isEqualTo(2);
        assertThat(streams.err()).contains(file + ": metrics.port: 0 (expected: 1 to 65535");

        assertThat(Main.execute("status", "--metrics", "127.0.0.1:9102")).isEqualTo(2);
        assertThat(streams.err()).contains("--metrics: '127.0.0.1:9102' (expected: an http or https URL");
        assertThat(Main.execute("status", "--metrics", "http://127.0.0.1:1/metrics", "-o", "yaml")).isEqualTo(2);
        assertThat(streams.err()).contains("-o: 'yaml' (expected: text or json)");
        assertThat(Main.execute("status", "--metrics", "http://127.0.0.1:1/metrics", "--config", file.toString()))
                .isEqualTo(2);
        assertThat(Main.execute("status", "--no-such-flag")).isEqualTo(2);
    }
}
