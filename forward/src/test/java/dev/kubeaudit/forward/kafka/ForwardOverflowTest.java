package dev.kubeaudit.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import dev.kubeaudit.forward.ForwardConfigs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination that never acknowledges (a Kafka bootstrap address nobody listens on) with a tiny
 * maxBacklog, behind a journal whose own bound the traffic passes several times over.
 */
class ForwardOverflowTest {
    private static final long MAX_BACKLOG = 256 << 10;
    private static final long JOURNAL_MAX_DISK = 4L << 20;
    /** About 12 MiB of events in all, three times journal.maxDiskBytes. */
    private static final int BATCHES = 200;
    private static final int EVENTS_PER_BATCH = 50;

    @TempDir
    Path dir;

    @Test
    void aStuckDestinationNeverCausesA429AndEverySkippedEventIsCountedAsDropped() throws Exception {
        AgentConfig config = config(AgentConfig.Forward.Overflow.SKIP);
        AuditTraffic traffic = new AuditTraffic(EVENTS_PER_BATCH);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            for (int i = 0; i < BATCHES; i++) {
                assertThat(traffic.post(webhook)).as("batch %d", i).isEqualTo(200);
                awaitWriterCaughtUp(agent);
            }
            int total = traffic.acknowledged().size();
            Await.awaitUntil(Duration.ofSeconds(30), () -> dropped(agent) > 0
                            && dropped(agent) + metric(agent, "audit_agent_forward_backlog_events") == total,
                    "every event is either dropped or still in the destination's backlog");
            // skipped back to its bound whenever the writer's position moves: never near journal.maxDiskBytes
            assertThat(metric(agent, "audit_agent_forward_backlog_bytes")).isLessThan(JOURNAL_MAX_DISK / 2);
            assertThat(metric(agent, "audit_agent_forward_sent_events_total")).isZero();
            assertThat(metric(agent, "audit_agent_forward_last_success_timestamp_seconds")).isZero();
        }
    }

    @Test
    void withOnOverflowBlockTheSameDestinationCausesA429() throws Exception {
        AuditTraffic traffic = new AuditTraffic(EVENTS_PER_BATCH);
        try (Agent agent = Agent.start(config(AgentConfig.Forward.Overflow.BLOCK), Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            int status = 200;
            for (int i = 0; i < BATCHES && status == 200; i++) {
                status = traffic.post(webhook);
                awaitWriterCaughtUp(agent);
            }
            assertThat(status).isEqualTo(429);
            assertThat(dropped(agent)).isZero();
        }
    }

    private AgentConfig config(AgentConfig.Forward.Overflow overflow) throws IOException {
        AgentConfig base = TestConfigs.under(dir);
        base = TestConfigs.withJournal(base, JOURNAL_MAX_DISK, base.journal().sync(), base.journal().dedupWindow());
        AgentConfig.Forward stuck = ForwardConfigs.kafka("bus", "127.0.0.1:" + closedPort(), "audit", MAX_BACKLOG);
        return ForwardConfigs.with(base, new AgentConfig.Forward(stuck.name(), null, stuck.kafka(),
                stuck.maxBacklogBytes(), stuck.maxBacklogAge(), overflow, stuck.maxBatchEvents(), stuck.maxBatchBytes()));
    }

    /**
     * Paces the traffic to the log writer, which gives its position back once a second: so that only
     * a forwarding destination could fill the journal here, not the writer.
     */
    private static void awaitWriterCaughtUp(Agent agent) {
        Await.awaitUntil(Duration.ofSeconds(30), () -> unlabelled(agent, "audit_agent_journal_backlog_bytes") < 1 << 20,
                "the log writer's backlog is under 1 MiB");
    }

    private static double unlabelled(Agent agent, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$")
                .matcher(Scrape.text(agent.metricsPort()));
        return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
    }

    private static double dropped(Agent agent) {
        return metric(agent, "audit_agent_forward_dropped_events_total");
    }

    private static double metric(Agent agent, String name) {
        return KafkaForwardingTest.metric(agent, name);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
