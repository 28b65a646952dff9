package dev.kubeaudit.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import dev.kubeaudit.forward.ForwardConfigs;
import dev.kubeaudit.forward.ForwardedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent forwarding to a real Kafka broker (child JVM, KRaft, on 127.0.0.1). */
class KafkaForwardingTest {
    private static final String TOPIC = "k8s-audit";

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventArrivesWithItsKeyLineAndHeadersAcrossABrokerRestart() throws Exception {
        try (KafkaBroker broker = KafkaBroker.in(dir.resolve("broker"))) {
            broker.start();
            broker.createTopic(TOPIC);
            AgentConfig config = ForwardConfigs.with(TestConfigs.under(dir.resolve("agent")),
                    ForwardConfigs.kafka("bus", broker.bootstrapServers(), TOPIC, 1L << 30));
            AuditTraffic traffic = new AuditTraffic(50);
            try (Agent agent = Agent.start(config, Clock.systemUTC())) {
                Webhook webhook = new Webhook(agent.ingestPort());
                post(traffic, webhook, 10);
                awaitForwarded(agent, traffic.acknowledged().size());

                broker.stop();
                post(traffic, webhook, 10);   // accepted while the broker is away: they wait in the journal
                assertThat(metric(agent, "audit_agent_forward_backlog_events")).isPositive();
                broker.start();
                post(traffic, webhook, 10);
                awaitForwarded(agent, traffic.acknowledged().size());
                assertThat(metric(agent, "audit_agent_forward_failures_total")).isPositive();
                assertThat(metric(agent, "audit_agent_forward_last_success_timestamp_seconds")).isPositive();
            }
            assertThat(traffic.acknowledged()).hasSize(30 * 50);

            Map<String, String> logLines = new HashMap<>();
            for (String line : AuditLogFiles.lines(config.log().path())) {
                logLines.put(ForwardedEvent.ofJsonLine(line.getBytes(StandardCharsets.UTF_8)).auditId(), line);
            }
            List<TopicRecords.Consumed> records = TopicRecords.readAll(broker.bootstrapServers(), TOPIC);
            Set<String> keys = new HashSet<>();
            for (TopicRecords.Consumed record : records) {
                keys.add(record.key());
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(logLines.get(record.key()));
                assertThat(record.headers()).containsExactly(Map.entry("cluster", config.cluster()),
                        Map.entry("node", config.node()));
            }
            assertThat(keys).containsAll(traffic.acknowledged());
            System.out.println("Kafka forwarding: " + records.size() + " records for " + keys.size() + " events ("
                    + (records.size() - keys.size()) + " duplicates)");
        }
    }

    private static void post(AuditTraffic traffic, Webhook webhook, int batches) throws Exception {
        for (int i = 0; i < batches; i++) {
            assertThat(traffic.post(webhook)).isEqualTo(200);
        }
    }

    /** Waits until the destination acknowledged everything: its backlog is empty and it sent at least {@code events}. */
    private static void awaitForwarded(Agent agent, int events) {
        Await.awaitUntil(Duration.ofSeconds(90), () -> metric(agent, "audit_agent_forward_backlog_events") == 0
                        && metric(agent, "audit_agent_forward_sent_events_total") >= events,
                "the destination acknowledges " + events + " events");
    }

    static double metric(Agent agent, String name) {
        return Scrape.value(Scrape.text(agent.metricsPort()), name, "destination=\"bus\"");
    }
}
