package dev.kubeaudit.forward.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import dev.kubeaudit.forward.ForwardConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook destination slower than the traffic, with a maxBacklog of a few batches: it is skipped
 * ahead again and again, often past the batch it is being sent, and still every acknowledged
 * event is counted exactly once, as received by it or as dropped.
 */
class WebhookOverflowTest {
    private static final Pattern AUDIT_ID = Pattern.compile("\"auditID\":\"([^\"]+)\"");
    private static final long MAX_BACKLOG = 32 << 10;
    private static final int BATCHES = 120;
    /** A third of the traffic's pace: the receiver falls behind by a batch about every 60 ms. */
    private static final long ANSWER_MILLIS = 120;

    @TempDir
    Path dir;

    @AfterEach
    void noAgentThreadOutlivesClose() {
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(5));
    }

    /** Answers 200 after {@link #ANSWER_MILLIS} and keeps the auditIDs of every request it received. */
    static final class SlowReceiver implements AutoCloseable {
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        private final ExecutorService threads = Executors.newFixedThreadPool(2);
        private final HttpServer server;

        SlowReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(ANSWER_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Matcher m = AUDIT_ID.matcher(new String(body, StandardCharsets.UTF_8));
                List<String> ids = new ArrayList<>();
                while (m.find()) {
                    ids.add(m.group(1));
                }
                received.addAll(ids);
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    @Test
    void aDestinationSkippedPastTheBatchItIsSentCountsEveryEventOnceAsReceivedOrDropped() throws Exception {
        AuditTraffic traffic = new AuditTraffic(20);
        try (SlowReceiver slow = new SlowReceiver()) {
            Path kubeconfig = ForwardConfigs.plainKubeconfig(dir.resolve("slow.kubeconfig"), slow.url());
            AgentConfig config = ForwardConfigs.with(TestConfigs.under(dir.resolve("agent")),
                    ForwardConfigs.webhook("slow", kubeconfig, AgentConfig.Webhook.DEFAULT_TIMEOUT, MAX_BACKLOG));
            String label = "destination=\"slow\"";
            try (Agent agent = Agent.start(config, Clock.systemUTC())) {
                Webhook webhook = new Webhook(agent.ingestPort());
                for (int i = 0; i < BATCHES; i++) {   // about 5 s: the writer gives its position back every second
                    assertThat(traffic.post(webhook)).as("batch %d", i).isEqualTo(200);
                    TimeUnit.MILLISECONDS.sleep(40);
                }
                int total = traffic.acknowledged().size();
                Await.awaitUntil(Duration.ofSeconds(60), () -> {
                    String text = Scrape.text(agent.metricsPort());
                    return Scrape.value(text, "audit_agent_forward_backlog_events", label) == 0
                            && Scrape.value(text, "audit_agent_forward_sent_events_total", label)
                            + Scrape.value(text, "audit_agent_forward_dropped_events_total", label) >= total;
                }, "every event sent or dropped");
                String text = Scrape.text(agent.metricsPort());
                double sent = Scrape.value(text, "audit_agent_forward_sent_events_total", label);
                double dropped = Scrape.value(text, "audit_agent_forward_dropped_events_total", label);
                Set<String> distinct = new HashSet<>(slow.received);
                assertThat(dropped).as("skipped ahead").isPositive();
                assertThat(slow.received).as("nothing received twice").hasSize(distinct.size());
                assertThat(sent).as("sent = received").isEqualTo(slow.received.size());
                assertThat(traffic.acknowledged()).containsAll(distinct);
                assertThat(sent + dropped).as("each of the %d events counted once: %s sent, %s dropped", total, sent,
                        dropped).isEqualTo(total);
            }
        }
    }
}
