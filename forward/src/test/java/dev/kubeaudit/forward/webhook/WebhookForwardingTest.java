package dev.kubeaudit.forward.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import dev.kubeaudit.forward.ForwardConfigs;
import dev.kubeaudit.forward.webhook.ScriptedReceiver.Request;
import dev.kubeaudit.forward.webhook.ScriptedReceiver.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent forwarding through {@code forward: [{webhook: {kubeconfig: …}}]} to a second real
 * agent and to a receiver that fails, drops the connection, does not answer within the
 * destination's timeout and answers 429 with Retry-After on a schedule: both receive every event
 * in journal order, the second agent's audit.log equals the first's, a failed batch comes again
 * byte-identical, and no sooner than its Retry-After.
 */
class WebhookForwardingTest {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @TempDir
    Path dir;

    @AfterEach
    void noAgentThreadOutlivesClose() {
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(5));
    }

    @Test
    void bothDestinationsReceiveEveryEventInOrderThroughFailuresAndRetryAfter() throws Exception {
        AgentConfig second = TestConfigs.under(dir.resolve("second"));
        AuditTraffic traffic = new AuditTraffic(20);
        try (ScriptedReceiver flaky = ScriptedReceiver.plain().then(Step.answer(200, ""), Step.answer(500, "boom"),
                     Step.retryAfter(429, "1"), Step.dropping(), Step.dropping(), Step.hanging(), Step.answer(503, ""));
             Agent receiver = Agent.start(second, Clock.systemUTC())) {
            AgentConfig first = ForwardConfigs.with(TestConfigs.under(dir.resolve("first")),
                    ForwardConfigs.webhook("to-agent", kubeconfig("second", "http://127.0.0.1:" + receiver.ingestPort()
                            + "/"), AgentConfig.Webhook.DEFAULT_TIMEOUT, 1L << 30),
                    ForwardConfigs.webhook("flaky", kubeconfig("flaky", flaky.uri("http").toString()),
                            Duration.ofSeconds(1), 1L << 30));
            try (Agent agent = Agent.start(first, Clock.systemUTC())) {
                Webhook webhook = new Webhook(agent.ingestPort());
                for (int i = 0; i < 15; i++) {
                    assertThat(traffic.post(webhook)).isEqualTo(200);
                }
                int events = traffic.acknowledged().size();
                awaitForwarded(agent, "to-agent", events);
                awaitForwarded(agent, "flaky", events);
                assertThat(Scrape.text(agent.metricsPort()).lines()
                        .filter(l -> l.startsWith("audit_agent_forward_failures_total{") && l.contains("destination=\"flaky\""))
                        .map(l -> l.substring(l.lastIndexOf('{') + 1, l.lastIndexOf('}')).replaceAll(".*reason=\"([a-z0-9_]+)\".*", "$1")
                                + "=" + l.substring(l.lastIndexOf(' ') + 1)))
                        .containsExactlyInAnyOrder("http_500=1.0", "http_429=1.0", "io=1.0", "timeout=1.0",
                                "http_503=1.0");
            }
            List<String> lines = AuditLogFiles.lines(first.log().path());
            assertThat(lines).hasSize(15 * 20);
            Await.awaitUntil(Duration.ofSeconds(20), () -> lines(second).size() >= lines.size(), "the second agent's audit.log");
            assertThat(lines(second)).containsExactlyElementsOf(lines);

            List<Request> requests = flaky.requests();
            assertThat(itemsAcceptedBy(requests)).containsExactlyElementsOf(lines);
            for (int i = 1; i < 7; i++) {   // refused five times (a dropped connection tried twice), sent again unchanged
                assertThat(requests.get(i + 1).body()).isEqualTo(requests.get(1).body());
            }
            long afterRetryAfter = requests.get(3).receivedNanos() - requests.get(2).receivedNanos();
            assertThat(Duration.ofNanos(afterRetryAfter)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    /** The audit.log lines of the items of every request answered 200, in order (each item's exact bytes, prefixed). */
    private static List<String> itemsAcceptedBy(List<Request> requests) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Request r : requests) {
            if (r.answeredWith() != 200) {
                continue;
            }
            try (JsonParser parser = JSON.createParser(r.body())) {
                assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                while (parser.nextToken() == JsonToken.FIELD_NAME && !parser.currentName().equals("items")) {
                    parser.nextToken();
                    parser.skipChildren();
                }
                assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    int from = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int to = (int) parser.currentLocation().getByteOffset();
                    lines.add(Webhook.V1_PREFIX + new String(r.body(), from + 1, to - from - 1, StandardCharsets.UTF_8));
                }
            }
        }
        return lines;
    }

    private static void awaitForwarded(Agent agent, String destination, int events) {
        String label = "destination=\"" + destination + "\"";
        Await.awaitUntil(Duration.ofSeconds(60), () -> {
            String text = Scrape.text(agent.metricsPort());
            return Scrape.value(text, "audit_agent_forward_backlog_events", label) == 0
                    && Scrape.value(text, "audit_agent_forward_sent_events_total", label) >= events;
        }, "'" + destination + "' acknowledges " + events + " events");
    }

    private Path kubeconfig(String name, String server) throws IOException {
        return ForwardConfigs.plainKubeconfig(dir.resolve(name + ".kubeconfig"), server);
    }

    private static List<String> lines(AgentConfig config) {
        try {
            return Files.exists(config.log().path()) ? AuditLogFiles.lines(config.log().path()) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
