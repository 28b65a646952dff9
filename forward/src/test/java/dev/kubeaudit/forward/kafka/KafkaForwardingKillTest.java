package dev.kubeaudit.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.AuditLogFiles;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.BackgroundLoad;
import dev.kubeaudit.agent.testing.ChildAgent;
import dev.kubeaudit.agent.testing.ChildAgentConfig;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.Webhook;
import dev.kubeaudit.forward.ForwardedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent in a child JVM forwarding to a real Kafka broker, killed with SIGKILL under load. */
class KafkaForwardingKillTest {
    private static final String TOPIC = "k8s-audit";

    @TempDir
    Path dir;

    @Test
    void anAgentKilledUnderLoadLosesNoAcknowledgedEventAndTheDuplicatesAreCounted() throws Exception {
        try (KafkaBroker broker = KafkaBroker.in(dir.resolve("broker"))) {
            broker.start();
            broker.createTopic(TOPIC);
            ChildAgentConfig config = ChildAgentConfig.write(dir.resolve("agent"), "", "",
                    "forward:\n- name: bus\n  kafka: {bootstrapServers: \"" + broker.bootstrapServers() + "\", topic: "
                            + TOPIC + "}");
            Path output = dir.resolve("agent-output.log");
            AuditTraffic traffic = new AuditTraffic(50);
            try (ChildAgent agent = ChildAgent.start(config, output)) {
                BackgroundLoad load = traffic.startLoad(agent.port(), 2);
                Await.awaitUntil(Duration.ofSeconds(60), () -> sent(config) >= 2000, "2000 events forwarded");
                agent.kill();
                load.close();
            }
            assertThat(traffic.acknowledged()).hasSizeGreaterThanOrEqualTo(2000);
            try (ChildAgent agent = ChildAgent.start(config, output)) {
                Webhook webhook = new Webhook(agent.port());
                for (int i = 0; i < 5; i++) {
                    assertThat(traffic.post(webhook)).isEqualTo(200);
                }
                Await.awaitUntil(Duration.ofSeconds(90), () -> metric(config, "audit_agent_forward_backlog_events") == 0
                        && sent(config) > 0, "the destination acknowledged everything");
                assertThat(agent.stop(Duration.ofSeconds(30))).isEqualTo(143);   // 128 + SIGTERM, after a clean stop
            }

            Map<String, String> logLines = new HashMap<>();
            for (String line : AuditLogFiles.lines(config.log())) {
                logLines.put(ForwardedEvent.ofJsonLine(line.getBytes(StandardCharsets.UTF_8)).auditId(), line);
            }
            List<TopicRecords.Consumed> records = TopicRecords.readAll(broker.bootstrapServers(), TOPIC);
            Set<String> keys = new HashSet<>();
            for (TopicRecords.Consumed record : records) {
                keys.add(record.key());
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(logLines.get(record.key()));
            }
            assertThat(keys).containsAll(traffic.acknowledged());
            System.out.println("Kafka forwarding across kill -9: " + records.size() + " records for " + keys.size()
                    + " events, " + (records.size() - keys.size()) + " duplicates");
        }
    }

    private static double sent(ChildAgentConfig config) {
        return metric(config, "audit_agent_forward_sent_events_total");
    }

    private static double metric(ChildAgentConfig config, String name) {
        try {
            return Scrape.value(Scrape.text(config.metricsPort()), name, "destination=\"bus\"");
        } catch (AssertionError e) {
            return Double.NaN;   // not listening (yet)
        }
    }
}
