package dev.kubeaudit.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.ingest.IngestListener;
import dev.kubeaudit.agent.policy.EventEditor;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.writer.LogWriterListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest and policy binders: what each listener call counts, under which name and tag. */
class AgentMetricsTest {
    @TempDir
    Path dir;

    AgentMetrics metrics;

    @AfterEach
    void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    AgentMetrics metrics() {
        metrics = new AgentMetrics(TestConfigs.under(dir));
        return metrics;
    }

    double count(String name, String tag, String value) {
        Counter c = metrics.registry().find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void requestsAreCountedByStatusAndTimed() {
        IngestListener ingest = metrics().ingest();
        ingest.request(200, TimeUnit.MILLISECONDS.toNanos(5));
        int meters = metrics.registry().getMeters().size();
        ingest.request(200, TimeUnit.MILLISECONDS.toNanos(7));
        assertThat(metrics.registry().getMeters()).as("meters after a second 200").hasSize(meters);
        ingest.request(413, TimeUnit.MILLISECONDS.toNanos(1));
        ingest.request(600, TimeUnit.MILLISECONDS.toNanos(1));
        ingest.request(600, TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(count("audit.agent.requests", "code", "200")).isEqualTo(2);
        assertThat(count("audit.agent.requests", "code", "413")).isEqualTo(1);
        assertThat(count("audit.agent.requests", "code", "600")).as("a status outside 100..599").isEqualTo(2);
        Timer duration = metrics.registry().find("audit.agent.request.duration").timer();
        assertThat(duration.count()).isEqualTo(5);
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(15);
        assertThat(metrics.registry().scrape())
                .contains("# HELP audit_agent_requests_total Webhook requests answered, by HTTP status")
                .contains("# HELP audit_agent_request_duration_seconds Time from request to answer")
                .containsPattern("audit_agent_requests_total\\{[^}]*code=\"200\"[^}]*} 2.0")
                .contains("audit_agent_request_duration_seconds_bucket");
    }

    @Test
    void refusalsAuthFailuresAndLimitHitsAreCountedByTheirLabel() {
        IngestListener ingest = metrics().ingest();
        ingest.refused("journal_full");
        ingest.refused("journal_full");
        ingest.refused("stopping");
        ingest.authFailed("token_wrong");
        ingest.limitHit("request_bytes");
        assertThat(count("audit.agent.refusals", "reason", "journal_full")).isEqualTo(2);
        assertThat(count("audit.agent.refusals", "reason", "stopping")).isEqualTo(1);
        assertThat(count("audit.agent.auth.failures", "reason", "token_wrong")).isEqualTo(1);
        assertThat(count("audit.agent.limit.hits", "limit", "request_bytes")).isEqualTo(1);
        assertThat(metrics.registry().scrape())
                .contains("# HELP audit_agent_refusals_total Webhook requests refused with 429 or 503, by reason")
                .contains("# HELP audit_agent_auth_failures_total Webhook requests refused with 401 or 403, by reason")
                .contains("# HELP audit_agent_limit_hits_total Webhook connections or requests cut by a listen limit, by limit");
    }

    @Test
    void everyRefusalReasonAndAnsweredStatusIsScrapedAtZeroBeforeTheFirstRequest() {
        metrics().ingest();
        String scrape = metrics.registry().scrape();
        assertThat(IngestListener.refusalReasons())
                .containsExactly("journal_full", "disk_low", "in_flight_bytes", "stopping", "unavailable");
        for (String reason : IngestListener.refusalReasons()) {
            assertThat(scrape).containsPattern("audit_agent_refusals_total\\{[^}]*reason=\"" + reason + "\"[^}]*} 0.0");
        }
        for (String code : new String[] {"200", "400", "401", "403", "413", "429", "503"}) {
            assertThat(scrape).containsPattern("audit_agent_requests_total\\{[^}]*code=\"" + code + "\"[^}]*} 0.0");
        }
        assertThat(scrape).as("counted from first use: a label no listener call reported")
                .doesNotContain("audit_agent_auth_failures_total{");
    }

    @Test
    void filteredEventsAreCountedByReasonAndBothReasonsShowFromTheStart() {
        metrics();
        assertThat(metrics.registry().scrape()).containsPattern("audit_agent_events_filtered_total\\{[^}]*reason=\"stage\"[^}]*} 0.0");
        metrics.policy().filtered(EventEditor.Drop.LEVEL_NONE, 3);
        metrics.policy().filtered(EventEditor.Drop.LEVEL_NONE, 2);
        assertThat(count("audit.agent.events.filtered", "reason", "level_none")).isEqualTo(5);
        assertThat(count("audit.agent.events.filtered", "reason", "stage")).isZero();
    }

    @Test
    void buildInfoNamesTheVersionTheCommitAndTheJavaVersion() throws Exception {
        String revision = gitHead();
        assertThat(metrics().registry().scrape())
                .contains("# HELP audit_agent_build_info Always 1: the agent's version")
                .containsPattern("(?m)^audit_agent_build_info\\{cluster=\"default\",java=\""
                        + System.getProperty("java.version") + "\",node=\"test-node\",revision=\"" + revision
                        + "\",version=\"\\d+\\.\\d+\\.\\d+[^\"]*\"} 1(\\.0)?$");
    }

    /** The commit the build read, as git tells it here; "unknown" outside a git work tree. */
    private static String gitHead() throws IOException, InterruptedException {
        Process git;
        try {
            git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        } catch (IOException e) {
            return "unknown";
        }
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return git.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
    }

    @Test
    void recentGaugesFollowTheirCounters() {
        IngestListener ingest = metrics().ingest();
        LogWriterListener writer = metrics.writer();
        ingest.eventsReceived(5);
        writer.written(3, 300);
        for (int status : new int[] {200, 200, 400, 401, 413, 429, 503}) {
            ingest.request(status, 1_000);
        }
        ingest.authFailed("token_wrong");
        ingest.authFailed("tls");
        String scrape = metrics.registry().scrape();
        assertThat(scrape).contains("# HELP audit_agent_recent_events Audit events accepted from the webhook")
                .contains("# HELP audit_agent_recent_refused_requests Webhook requests answered with a 4xx or 5xx")
                .contains("# HELP audit_agent_recent_auth_failures Webhook requests refused with 401 or 403");
        for (String window : new String[] {"1m", "1h"}) {
            assertThat(recent(scrape, "audit_agent_recent_events", "stage=\"received\",window=\"" + window)).isEqualTo(5);
            assertThat(recent(scrape, "audit_agent_recent_events", "stage=\"written\",window=\"" + window)).isEqualTo(3);
            assertThat(recent(scrape, "audit_agent_recent_refused_requests", "window=\"" + window)).isEqualTo(5);
            assertThat(recent(scrape, "audit_agent_recent_auth_failures", "window=\"" + window)).isEqualTo(2);
        }
    }

    private static double recent(String scrape, String name, String labels) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "\\{[^}]*" + labels
                + "\"[^}]*} (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(name + " " + labels).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
