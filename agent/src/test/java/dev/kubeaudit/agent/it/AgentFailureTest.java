package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.it.AgentTest.events;
import static dev.kubeaudit.agent.it.AgentTest.get;
import static dev.kubeaudit.agent.it.AgentTest.lines;
import static dev.kubeaudit.agent.it.AgentTest.metrics;
import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A core thread that ends while the agent runs (here: interrupted, as a stray interrupt or a
 * library would) makes the whole agent fail: 503 for batches, /readyz 503, the failure counted and
 * {@link Agent#failure()} completed for the command line to exit non-zero; after a restart nothing
 * acknowledged is lost or doubled.
 */
class AgentFailureTest {
    @TempDir
    Path dir;

    @AfterEach
    void noAgentThreadOutlivesClose() {
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal-writer", "audit-log-writer"})
    void anInterruptedCoreThreadFailsTheAgentAndARestartLosesNothing(String thread) throws Exception {
        AgentConfig config = TestConfigs.under(dir);
        List<String> acknowledged = new ArrayList<>();
        List<String> refused = events("refused", 4);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            List<String> before = events("before", 5);
            assertThat(webhook.post(Webhook.eventList(before)).statusCode()).isEqualTo(200);
            acknowledged.addAll(before);
            awaitUntil(Duration.ofSeconds(20), () -> lines(config).size() >= 5, "first batch written");

            interrupt(thread);
            String reason = agent.failure().get(20, TimeUnit.SECONDS);
            assertThat(reason).contains(thread);

            HttpResponse<String> answer = webhook.post(Webhook.eventList(refused));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(get(agent, "/readyz").statusCode()).isEqualTo(503);
            assertThat(metrics(agent)).containsPattern(
                    "audit_agent_fatal_errors_total\\{[^}]*component=\"" + thread + "\"[^}]*} 1\\.0");
        }
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            assertThat(webhook.post(Webhook.eventList(refused)).statusCode()).isEqualTo(200);
            acknowledged.addAll(refused);
            awaitUntil(Duration.ofSeconds(20), () -> lines(config).size() >= acknowledged.size(), "all written");
            assertThat(get(agent, "/readyz").statusCode()).isEqualTo(200);
        }
        assertThat(lines(config)).containsExactlyElementsOf(acknowledged);
    }

    private static void interrupt(String name) {
        Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no thread '" + name + "'"));
        thread.interrupt();
    }
}
