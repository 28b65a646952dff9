package dev.kubeaudit.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Forwarding destinations in {@code status}: read from a scrape's audit_agent_forward_* series, shown in text and JSON. */
class ForwardStatusTest {
    static final String FORWARD = String.join("\n",
            "audit_agent_forward_sent_events_total{cluster=\"prod\",node=\"cp1\",destination=\"falco\"} 72000",
            "audit_agent_forward_sent_bytes_total{cluster=\"prod\",node=\"cp1\",destination=\"falco\"} 1.5E8",
            "audit_agent_forward_backlog_events{cluster=\"prod\",node=\"cp1\",destination=\"falco\"} 350",
            "audit_agent_forward_backlog_bytes{cluster=\"prod\",node=\"cp1\",destination=\"falco\"} 2048",
            "audit_agent_forward_backlog_age_seconds{cluster=\"prod\",node=\"cp1\",destination=\"falco\"} 1200",
            "audit_agent_forward_last_success_timestamp_seconds{cluster=\"prod\",node=\"cp1\",destination=\"falco\"} "
                    + (HealthPolicyTest.NOW_SECONDS - 1200),
            "audit_agent_forward_dropped_events_total{cluster=\"prod\",node=\"cp1\",destination=\"falco\"} 40",
            "audit_agent_forward_failures_total{cluster=\"prod\",node=\"cp1\",destination=\"falco\",reason=\"connect\"} 7",
            "audit_agent_forward_consecutive_failures{cluster=\"prod\",node=\"cp1\",destination=\"falco\"} 3",
            "audit_agent_forward_consecutive_failures{cluster=\"prod\",node=\"cp1\",destination=\"bus\"} 0",
            "audit_agent_forward_failures_total{cluster=\"prod\",node=\"cp1\",destination=\"bus\",reason=\"timeout\"} 0",
            "audit_agent_forward_sent_events_total{cluster=\"prod\",node=\"cp1\",destination=\"bus\"} 0",
            "audit_agent_forward_backlog_events{cluster=\"prod\",node=\"cp1\",destination=\"bus\"} 0",
            "audit_agent_forward_last_success_timestamp_seconds{cluster=\"prod\",node=\"cp1\",destination=\"bus\"} 0");

    static AgentStatus status(String text) {
        return AgentStatus.read("http://127.0.0.1:9102/metrics", Samples.parse(text), HealthPolicyTest.READY,
                HealthPolicyTest.NOW);
    }

    @Test
    void eachDestinationIsReadFromItsLabelledSeries() {
        AgentStatus s = status(HealthPolicyTest.scrape(FORWARD.split("\n")));
        assertThat(s.forward()).extracting(ForwardStatus::destination).containsExactly("bus", "falco");
        ForwardStatus falco = s.forward().get(1);
        assertThat(falco.sentEvents()).isEqualTo(72000);
        assertThat(falco.sentPerSecond()).isEqualTo(10); // over the 7200 s of uptime
        assertThat(falco.backlogEvents()).isEqualTo(350);
        assertThat(falco.backlogAgeSeconds()).isEqualTo(1200);
        assertThat(falco.lastSuccessAgeSeconds()).isEqualTo(1200);
        assertThat(falco.droppedEvents()).isEqualTo(40);
        assertThat(falco.failures()).containsOnlyKeys("connect");
        assertThat(falco.consecutiveFailures()).isEqualTo(3);
        ForwardStatus bus = s.forward().get(0);
        assertThat(bus.lastSuccess()).isNull();
        assertThat(bus.failures()).isEmpty();
        assertThat(bus.backlogBytes()).isNull();
    }

    @Test
    void noForwardSeriesNoDestinations() {
        AgentStatus s = status(HealthPolicyTest.scrape());
        assertThat(s.forward()).isEmpty();
        assertThat(StatusText.render(s, HealthPolicy.judge(s))).doesNotContain("forward");
    }

    @Test
    void textShowsOneLinePerDestination() {
        AgentStatus s = status(HealthPolicyTest.scrape(FORWARD.split("\n")));
        String text = StatusText.render(s, HealthPolicy.judge(s));
        assertThat(text).contains("  forward      falco: sent 72000 events (")
                .contains("; backlog 350 events, 2.0 KiB, oldest waiting 20m 00s; last success 2026-05-01T11:40:00Z"
                        + " (20m 00s ago); DROPPED 40 events; FAILING, 3 attempts in a row; failures connect 7\n")
                .contains("  forward      bus: sent 0 events (")
                .contains("last success none since the start\n")
                .contains("warnings:\n  - forwarding to 'falco' is behind");
    }

    @Test
    void jsonHasAForwardArrayWithStableFields() throws Exception {
        AgentStatus s = status(HealthPolicyTest.scrape(FORWARD.split("\n")));
        JsonNode root = new ObjectMapper().readTree(StatusJson.render(s, HealthPolicy.judge(s)));
        JsonNode falco = root.get("forward").get(1);
        assertThat(falco.get("destination").asText()).isEqualTo("falco");
        assertThat(falco.get("sentEvents").asLong()).isEqualTo(72000);
        assertThat(falco.get("sentBytes").asLong()).isEqualTo(150_000_000L);
        assertThat(falco.get("sentPerSecond").asLong()).isEqualTo(10);
        assertThat(falco.get("backlogEvents").asLong()).isEqualTo(350);
        assertThat(falco.get("backlogBytes").asLong()).isEqualTo(2048);
        assertThat(falco.get("backlogAgeSeconds").asLong()).isEqualTo(1200);
        assertThat(falco.get("lastSuccess").asText()).isEqualTo("2026-05-01T11:40:00Z");
        assertThat(falco.get("lastSuccessAgeSeconds").asLong()).isEqualTo(1200);
        assertThat(falco.get("droppedEvents").asLong()).isEqualTo(40);
        assertThat(falco.get("consecutiveFailures").asLong()).isEqualTo(3);
        assertThat(falco.get("failures").get("connect").asLong()).isEqualTo(7);
        JsonNode bus = root.get("forward").get(0);
        assertThat(bus.get("lastSuccess").isNull()).isTrue();
        assertThat(bus.get("backlogBytes").isNull()).isTrue();
        assertThat(bus.get("consecutiveFailures").asLong()).isZero();
        assertThat(root.get("healthy").asBoolean()).isTrue();
        assertThat(root.get("warnings")).hasSize(2);

        JsonNode unreachable = new ObjectMapper().readTree(StatusJson.render(
                AgentStatus.unreachable("u", "refused", HealthPolicyTest.NOW),
                HealthPolicy.judge(AgentStatus.unreachable("u", "refused", HealthPolicyTest.NOW))));
        assertThat(unreachable.get("forward").isArray()).isTrue();
        assertThat(unreachable.get("forward")).isEmpty();
    }
}
