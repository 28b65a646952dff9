package dev.kubeaudit.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The health rules, on scrapes written by hand, at a fixed time; thresholds as in alerts.yaml. */
class HealthPolicyTest {
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    static final double NOW_SECONDS = NOW.getEpochSecond();
    static final AgentStatus.Readiness READY = new AgentStatus.Readiness(true, "200");

    /** A healthy agent's scrape with shipping, TLS and integrity, then {@code extra} lines overriding it. */
    static String scrape(String... extra) {
        String base = String.join("\n",
                "process_uptime_seconds 7200",
                "audit_agent_journal_backlog_events 0",
                "audit_agent_journal_backlog_bytes 0",
                "audit_agent_journal_backlog_age_seconds 0",
                "audit_agent_journal_max_disk_bytes 1000",
                "audit_agent_journal_min_free_bytes 100",
                "audit_agent_disk_free_bytes{volume=\"journal\"} 5000",
                "audit_agent_disk_free_bytes{volume=\"log\"} 5",
                "audit_agent_log_writer_stalled 0",
                "audit_agent_segments_pending 0",
                "audit_agent_oldest_pending_segment_age_seconds 0",
                "audit_agent_last_ship_success_timestamp_seconds " + (NOW_SECONDS - 600),
                "audit_agent_ship_consecutive_failures 0",
                "audit_agent_tls_certificate_expiry_timestamp_seconds " + (NOW_SECONDS + 90 * 86400),
                "audit_agent_integrity_last_checkpoint_timestamp_seconds " + (NOW_SECONDS - 60));
        return String.join("\n", extra) + "\n" + base + "\n"; // the first sample of a name wins
    }

    static Health judge(String text) {
        return HealthPolicy.judge(AgentStatus.read("http://127.0.0.1:9102/metrics", Samples.parse(text), READY, NOW));
    }

    @Test
    void aHealthyScrapeHasNeitherProblemsNorWarnings() {
        Health health = judge(scrape());
        assertThat(health.problems()).isEmpty();
        assertThat(health.warnings()).isEmpty();
        assertThat(health.healthy()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "oldest pending over an hour | audit_agent_segments_pending 2;audit_agent_oldest_pending_segment_age_seconds 3601"
                    + " | shipping stuck: 2 segments pending, the oldest for 1h 00m (over 1h 00m)",
            "no upload for over 30 min   | audit_agent_segments_pending 1;audit_agent_last_ship_success_timestamp_seconds "
                    + "1777634999 | shipping stuck: 1 segment pending and no upload for 30m 01s (over 30m 00s)",
            "none since a long start     | audit_agent_segments_pending 1;audit_agent_last_ship_success_timestamp_seconds 0"
                    + " | shipping stuck: 1 segment pending and no upload for 2h 00m (none since the start) (over 30m 00s)",
            "uploads failing             | audit_agent_segments_pending 1;audit_agent_ship_consecutive_failures 3;"
                    + "audit_agent_ship_failures_total{reason=\"unavailable\"} 7"
                    + " | uploads failing: the last 3 upload attempts failed; 1 segment pending; failures since the start:"
                    + " unavailable 7",
            "journal over maxDiskBytes   | audit_agent_journal_backlog_bytes 1001"
                    + " | journal refusing batches (429): backlog 1001 B over journal.maxDiskBytes 1000 B",
            "journal disk under minFree  | audit_agent_disk_free_bytes{volume=\"journal\"} 99"
                    + " | journal refusing batches (429): 99 B free on its disk, under journal.minFreeBytes 100 B",
            "certificate expired         | audit_agent_tls_certificate_expiry_timestamp_seconds 1777636740"
                    + " | the webhook's server certificate expired 1m 00s ago (2026-05-01T11:59:00Z)",
    })
    void eachRuleNamesItsProblem(String rule, String lines, String problem) {
        Health health = judge(scrape(lines.split(";")));
        assertThat(health.healthy()).isFalse();
        assertThat(health.problems()).containsExactly(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "pending, the oldest at the hour  | audit_agent_segments_pending 2;audit_agent_oldest_pending_segment_age_seconds 3600",
            "no upload for 30 min, none due   | audit_agent_segments_pending 0;audit_agent_last_ship_success_timestamp_seconds 0",
            "young agent, nothing shipped yet | audit_agent_segments_pending 1;audit_agent_last_ship_success_timestamp_seconds 0;"
                    + "process_uptime_seconds 600",
            "two failures in a row            | audit_agent_segments_pending 1;audit_agent_ship_consecutive_failures 2",
            "backlog at maxDiskBytes          | audit_agent_journal_backlog_bytes 1000",
            "the log volume low (not refused) | audit_agent_disk_free_bytes{volume=\"log\"} 1",
            "no TLS                           | audit_agent_tls_certificate_expiry_timestamp_seconds 0",
    })
    void belowEachThresholdAllIsWell(String rule, String lines) {
        assertThat(judge(scrape(lines.split(";"))).problems()).isEmpty();
    }

    @Test
    void aCertificateAboutToExpireAndLateCheckpointsAreWarnings() {
        Health health = judge(scrape(
                "audit_agent_tls_certificate_expiry_timestamp_seconds " + (NOW_SECONDS + 6 * 86400),
                "audit_agent_integrity_last_checkpoint_timestamp_seconds " + (NOW_SECONDS - 901)));
        assertThat(health.healthy()).isTrue();
        assertThat(health.warnings()).containsExactly(
                "the webhook's server certificate expires in 6d 0h (2026-05-07T12:00:00Z)",
                "no signed checkpoint for 15m 01s (over 15m 00s)");
    }

    @Test
    void aForwardDestinationBehindOrDroppingIsAWarningNotAProblem() {
        Health health = judge(scrape(
                "audit_agent_forward_backlog_age_seconds{destination=\"falco\"} 901",
                "audit_agent_forward_failures_total{destination=\"falco\",reason=\"connect\"} 12",
                "audit_agent_forward_failures_total{destination=\"falco\",reason=\"http_503\"} 3",
                "audit_agent_forward_dropped_events_total{destination=\"falco\"} 0",
                "audit_agent_forward_backlog_age_seconds{destination=\"siem\"} 900",
                "audit_agent_forward_backlog_events{destination=\"siem\"} 10",
                "audit_agent_forward_dropped_events_total{destination=\"siem\"} 1200"));
        assertThat(health.healthy()).isTrue();
        assertThat(health.warnings()).containsExactly(
                "forwarding to 'falco' is behind: its oldest waiting event for 15m 01s (over 15m 00s);"
                        + " failures since the start: connect 12, http_503 3",
                "forwarding to 'siem' dropped 1200 events since the start (past forward[].maxBacklog);"
                        + " audit.log and the archive still have them");
    }

    @Test
    void notReadyNamesTheStalledWriterAndTheFailedComponent() {
        String text = scrape("audit_agent_log_writer_stalled 1",
                "audit_agent_fatal_errors_total{component=\"journal-writer\"} 1",
                "audit_agent_fatal_errors_total{component=\"ship-scan\"} 0");
        Health health = HealthPolicy.judge(AgentStatus.read("u", Samples.parse(text),
                new AgentStatus.Readiness(false, "503"), NOW));
        assertThat(health.problems()).containsExactly("not ready: /readyz answered 503",
                "log writer stalled: events wait in the journal and none reached audit.log for a minute",
                "'journal-writer' failed for good: the agent exits for a restart");
    }

    @Test
    void anUnreachableAgentIsOneProblemNamingTheUrl() {
        Health health = HealthPolicy.judge(AgentStatus.unreachable("http://127.0.0.1:1/metrics", "cannot connect", NOW));
        assertThat(health.problems()).containsExactly("cannot reach http://127.0.0.1:1/metrics: cannot connect");
    }
}
