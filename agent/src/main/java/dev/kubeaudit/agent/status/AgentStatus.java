package dev.kubeaudit.agent.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one look at a running agent found: whether it answered, its readiness and the facts its
 * /metrics told, taken at {@code at}. Ages are in seconds at {@code at}; a part the agent does not
 * export (shipping with ship.destination none, the certificate without TLS, integrity without a
 * shipper) is null, and so is every part when the agent could not be reached ({@code unreachable}
 * then says why); {@code forward} has one entry per forwarding destination (empty without).
 * Judged by {@link HealthPolicy}. Immutable.
 */
public record AgentStatus(
        String url,
        String unreachable,
        Readiness readiness,
        Build build,
        Double uptimeSeconds,
        Events events,
        Journal journal,
        Shipping shipping,
        LastHour lastHour,
        Certificate certificate,
        Integrity integrity,
        List<ForwardStatus> forward,
        List<String> failedComponents,
        Instant at) {

    /** {@code /readyz}: ready, and what it answered (status line or the failure). */
    public record Readiness(boolean ready, String answer) {
    }

    /** {@code audit_agent_build_info} and the agent's {@code cluster} and {@code node} labels. */
    public record Build(String version, String revision, String java, String cluster, String node) {
    }

    /** Events per second over the last minute, and in all since the start. */
    public record Events(Double receivedPerSecond, Double writtenPerSecond, Double receivedTotal, Double writtenTotal) {
    }

    /** The journal's backlog, the limits it is refused at, and whether the log writer is stalled. */
    public record Journal(Double backlogEvents, Double backlogBytes, Double backlogAgeSeconds, Double maxDiskBytes,
                          Double freeBytes, Double minFreeBytes, boolean writerStalled) {
    }

    /** Segments waiting, the last success, upload failures in a row and failures since the start by reason. */
    public record Shipping(double segmentsPending, double oldestPendingAgeSeconds, Instant lastSuccess,
                           Double lastSuccessAgeSeconds, Double uploadFailuresInARow, Map<String, Double> failures) {
    }

    /** Webhook requests answered 4xx or 5xx, and authentication failures, in the last hour. */
    public record LastHour(Double refusedRequests, Double authFailures) {
    }

    /** The webhook's server certificate. */
    public record Certificate(Instant expiry, double expiresInSeconds) {
    }

    /** The newest signed checkpoint; null time before the first (or with integrity off). */
    public record Integrity(Instant lastCheckpoint, Double lastCheckpointAgeSeconds) {
    }

    public boolean reached() {
        return unreachable == null;
    }

    /** An agent that could not be reached at {@code url}, for the reason {@code why}. */
    public static AgentStatus unreachable(String url, String why, Instant at) {
        return new AgentStatus(url, why, null, null, null, null, null, null, null, null, null, List.of(), List.of(), at);
    }

    /** The facts of scrape {@code s} of {@code url}, with {@code readiness}, at {@code at}. */
    public static AgentStatus read(String url, Samples s, Readiness readiness, Instant at) {
        Double uptime = s.value("process_uptime_seconds");
        return new AgentStatus(url, null, readiness, build(s), uptime, events(s, uptime), journal(s), shipping(s, at),
                new LastHour(s.value("audit_agent_recent_refused_requests", "window", "1h"),
                        s.value("audit_agent_recent_auth_failures", "window", "1h")),
                certificate(s, at), integrity(s, at), ForwardStatus.read(s, uptime, at), failedComponents(s), at);
    }

    /** From build_info, which carries the agent's cluster and node labels like every other agent meter. */
    private static Build build(Samples s) {
        Sample info = s.all("audit_agent_build_info").stream().findFirst().orElse(null);
        return new Build(label(info, "version"), label(info, "revision"), label(info, "java"), label(info, "cluster"),
                label(info, "node"));
    }

    private static String label(Sample sample, String label) {
        return sample == null ? null : sample.label(label);
    }

    private static Events events(Samples s, Double uptime) {
        return new Events(perSecond(s.value("audit_agent_recent_events", "stage", "received", "window", "1m"), uptime),
                perSecond(s.value("audit_agent_recent_events", "stage", "written", "window", "1m"), uptime),
                s.value("audit_agent_events_received_total"), s.value("audit_agent_events_written_total"));
    }

    /** A last-minute count as a rate; an agent younger than a minute counted since its start. */
    private static Double perSecond(Double lastMinute, Double uptime) {
        if (lastMinute == null) {
            return null;
        }
        double seconds = uptime == null ? 60 : Math.max(1, Math.min(60, uptime));
        return lastMinute / seconds;
    }

    private static Journal journal(Samples s) {
        Double stalled = s.value("audit_agent_log_writer_stalled");
        return new Journal(s.value("audit_agent_journal_backlog_events"), s.value("audit_agent_journal_backlog_bytes"),
                s.value("audit_agent_journal_backlog_age_seconds"), s.value("audit_agent_journal_max_disk_bytes"),
                s.value("audit_agent_disk_free_bytes", "volume", "journal"), s.value("audit_agent_journal_min_free_bytes"),
                stalled != null && stalled >= 1);
    }

    private static Shipping shipping(Samples s, Instant at) {
        Double pending = s.value("audit_agent_segments_pending");
        if (pending == null) {
            return null;
        }
        Double oldest = s.value("audit_agent_oldest_pending_segment_age_seconds");
        Instant last = time(s.value("audit_agent_last_ship_success_timestamp_seconds"));
        Map<String, Double> failures = new LinkedHashMap<>();
        for (Sample sample : s.all("audit_agent_ship_failures_total")) {
            if (sample.value() > 0 && sample.label("reason") != null) {
                failures.merge(sample.label("reason"), sample.value(), Double::sum);
            }
        }
        return new Shipping(pending, oldest == null ? 0 : oldest, last, last == null ? null : age(last, at),
                s.value("audit_agent_ship_consecutive_failures"), failures);
    }

    private static Certificate certificate(Samples s, Instant at) {
        Instant expiry = time(s.value("audit_agent_tls_certificate_expiry_timestamp_seconds"));
        return expiry == null ? null : new Certificate(expiry, -age(expiry, at));
    }

    private static Integrity integrity(Samples s, Instant at) {
        if (!s.has("audit_agent_integrity_last_checkpoint_timestamp_seconds")) {
            return null;
        }
        Instant last = time(s.value("audit_agent_integrity_last_checkpoint_timestamp_seconds"));
        return new Integrity(last, last == null ? null : age(last, at));
    }

    private static List<String> failedComponents(Samples s) {
        return s.all("audit_agent_fatal_errors_total").stream()
                .filter(sample -> sample.value() > 0 && sample.label("component") != null)
                .map(sample -> sample.label("component")).distinct().toList();
    }

    /** A Unix time gauge as an instant; null for 0 (not yet, or not in use) or absent. */
    private static Instant time(Double epochSeconds) {
        if (epochSeconds == null || epochSeconds <= 0 || epochSeconds.isNaN() || epochSeconds.isInfinite()) {
            return null;
        }
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000));
    }

    private static double age(Instant then, Instant now) {
        return (now.toEpochMilli() - then.toEpochMilli()) / 1000.0;
    }
}
