package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** policy.file in a running agent: a changed file applies to later batches; a broken one is refused and counted. */
class AgentPolicyTest {
    static final String HEAD = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n";

    @TempDir
    Path dir;

    @AfterEach
    void noPolicyThreadOutlivesClose() {
        awaitUntil(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().equals("policy-reload")), "policy-reload thread stopped");
    }

    @Test
    void aBrokenChangeKeepsThePolicyInForceAndAFixedOneAppliesToLaterBatches() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, HEAD + "- level: None\n  nonResourceURLs: [/healthz]\n- level: Metadata\n");
        AgentConfig config = TestConfigs.withPolicy(TestConfigs.under(dir), policy);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            assertThat(webhook.post(Webhook.eventList(AgentTest.events("first", 3))).statusCode()).isEqualTo(200);

            Files.writeString(policy, HEAD + "- level: Metadata\n  nonResourceURLs: healthz\n");
            touch(policy, 10);
            awaitUntil(Duration.ofSeconds(20), () -> metrics(agent)
                    .contains("audit_agent_policy_reload_failures_total{cluster=\"default\",node=\"test-node\"} 1.0"),
                    "the broken change counted");
            assertThat(webhook.post(Webhook.eventList(AgentTest.events("second", 2))).statusCode()).isEqualTo(200);

            Files.writeString(policy, HEAD + "- level: Metadata\n");
            touch(policy, 20);
            awaitUntil(Duration.ofSeconds(20), () -> metrics(agent)
                    .contains("audit_agent_policy_reloads_total{cluster=\"default\",node=\"test-node\"} 2.0"),
                    "the fixed change applied");
            List<String> third = AgentTest.events("third", 4);
            assertThat(webhook.post(Webhook.eventList(third)).statusCode()).isEqualTo(200);
            awaitUntil(Duration.ofSeconds(20), () -> PolicySamplesTest.lines(config).size() >= 4, "third written");
            assertThat(PolicySamplesTest.get(agent.metricsPort()))
                    .contains("audit_agent_events_filtered_total{cluster=\"default\",node=\"test-node\","
                            + "reason=\"level_none\"} 5.0")
                    .contains("audit_agent_policy_rules{cluster=\"default\",node=\"test-node\"} 1.0");
        }
        assertThat(PolicySamplesTest.lines(config)).containsExactlyElementsOf(AgentTest.events("third", 4));
    }

    private static String metrics(Agent agent) {
        try {
            return PolicySamplesTest.get(agent.metricsPort());
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    private static void touch(Path file, int seconds) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + seconds * 1000L));
    }
}
