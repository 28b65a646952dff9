package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.agent.testing.Webhook;
import dev.kubeaudit.shipper.testing.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit-agent status} against a whole agent shipping to a folder: healthy while segments
 * ship (exit 0, nothing pending, the events counted); then the folder is made impossible (a
 * regular file where it was), the agent keeps rotating, segments pile up and every upload fails:
 * exit 1, the pending segments shown and the failing uploads listed as a problem.
 */
class StatusTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    final ObjectMapper json = new ObjectMapper();

    @Test
    void healthyWhileShippingThenUnhealthyWithSegmentsPendingWhenTheStoreIsDown() throws Exception {
        Path store = dir.resolve("archive");
        Path config = Configs.write(dir, "file:" + store, null, "log.rotateInterval: 1s");
        AuditTraffic traffic = new AuditTraffic(5);
        try (Agent agent = Agent.start(Configs.load(config), Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            String url = "http://127.0.0.1:" + agent.metricsPort() + "/metrics";
            for (int i = 0; i < 4; i++) {
                assertThat(traffic.post(webhook)).isEqualTo(200);
            }
            awaitUntil(Duration.ofSeconds(30), () -> {
                String text = Scrape.text(agent.metricsPort());
                return value(text, "audit_agent_last_ship_success_timestamp_seconds") > 0
                        && value(text, "audit_agent_segments_pending") == 0
                        && value(text, "audit_agent_journal_backlog_events") == 0;
            }, "a segment shipped, none pending");

            assertThat(Main.execute("status", "--metrics", url, "-o", "json")).as(streams.out()).isZero();
            JsonNode healthy = json.readTree(streams.out());
            assertThat(healthy.get("healthy").asBoolean()).isTrue();
            assertThat(healthy.at("/events/receivedTotal").asLong()).isEqualTo(20);
            assertThat(healthy.at("/shipping/segmentsPending").asLong()).isZero();
            assertThat(healthy.at("/shipping/lastSuccess").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(healthy.at("/shipping/uploadFailuresInARow").asLong()).isZero();
            assertThat(healthy.get("problems")).isEmpty();

            Files.move(store, dir.resolve("archive-gone"));
            Files.writeString(store, "not a folder\n");
            awaitUntil(Duration.ofSeconds(30), () -> {
                try {
                    traffic.post(webhook);
                } catch (Exception e) {
                    throw new AssertionError("post failed", e);
                }
                String text = Scrape.text(agent.metricsPort());
                return value(text, "audit_agent_segments_pending") >= 2
                        && value(text, "audit_agent_ship_consecutive_failures") >= 3;
            }, "segments pending and uploads failing");

            int before = streams.out().length();
            assertThat(Main.execute("status", "--metrics", url)).isEqualTo(1);
            String text = streams.out().substring(before);
            assertThat(text).startsWith("audit-agent at " + url + ": UNHEALTHY\n")
                    .containsPattern("  shipping     \\d+ segments pending, the oldest for \\d+s; last upload \\S+Z \\(\\d+s ago\\);"
                            + " \\d+ upload failures in a row")
                    .containsPattern("problems:\n  - uploads failing: the last \\d+ upload attempts failed; \\d+ segments"
                            + " pending; failures since the start: unavailable \\d+");

            before = streams.out().length();
            assertThat(Main.execute("status", "--metrics", url, "-o", "json")).isEqualTo(1);
            JsonNode down = json.readTree(streams.out().substring(before));
            assertThat(down.get("healthy").asBoolean()).isFalse();
            assertThat(down.get("ready").asBoolean()).as("the webhook still accepts").isTrue();
            assertThat(down.at("/shipping/segmentsPending").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(down.at("/shipping/failures/unavailable").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(down.get("problems")).extracting(JsonNode::asText)
                    .anySatisfy(p -> assertThat(p).startsWith("uploads failing: the last "));
        }
    }

    private static double value(String text, String metric) {
        return Scrape.value(text, metric, "cluster=\"c1\"");
    }
}
