package dev.kubeaudit.agent.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One {@code forward:} destination as a scrape tells it (the {@code audit_agent_forward_*} series
 * of its {@code destination} label): events and bytes acknowledged since the start and their
 * average rate over the uptime, the backlog (events, bytes, age of the oldest), the last
 * acknowledged batch (null: none since the start), events dropped by skip-aheads since the start,
 * and failures since the start by reason (sorted). A value the scrape lacks is null. Immutable.
 */
public record ForwardStatus(String destination, Double sentEvents, Double sentBytes, Double sentPerSecond,
                            Double backlogEvents, Double backlogBytes, Double backlogAgeSeconds, Instant lastSuccess,
                            Double lastSuccessAgeSeconds, Double droppedEvents, Double consecutiveFailures,
                            Map<String, Double> failures) {
    public ForwardStatus {
        failures = Collections.unmodifiableMap(new TreeMap<>(failures)); // by reason, for a stable order
    }

    /** Each destination of scrape {@code s}, by name; empty without forwarding. */
    static List<ForwardStatus> read(Samples s, Double uptimeSeconds, Instant at) {
        Set<String> names = new TreeSet<>();
        for (String metric : List.of("audit_agent_forward_sent_events_total", "audit_agent_forward_sent_bytes_total",
                "audit_agent_forward_backlog_events", "audit_agent_forward_backlog_bytes",
                "audit_agent_forward_backlog_age_seconds", "audit_agent_forward_last_success_timestamp_seconds",
                "audit_agent_forward_dropped_events_total", "audit_agent_forward_failures_total",
                "audit_agent_forward_consecutive_failures")) {
            s.all(metric).stream().map(sample -> sample.label("destination")).filter(n -> n != null).forEach(names::add);
        }
        List<ForwardStatus> out = new ArrayList<>();
        for (String name : names) {
            Double sent = s.value("audit_agent_forward_sent_events_total", "destination", name);
            Double last = s.value("audit_agent_forward_last_success_timestamp_seconds", "destination", name);
            Instant lastSuccess = last == null || last <= 0 || last.isNaN() || last.isInfinite() ? null
                    : Instant.ofEpochMilli(Math.round(last * 1000));
            Map<String, Double> failures = new LinkedHashMap<>();
            for (Sample sample : s.all("audit_agent_forward_failures_total")) {
                if (name.equals(sample.label("destination")) && sample.label("reason") != null && sample.value() > 0) {
                    failures.merge(sample.label("reason"), sample.value(), Double::sum);
                }
            }
            out.add(new ForwardStatus(name, sent, s.value("audit_agent_forward_sent_bytes_total", "destination", name),
                    sent == null || uptimeSeconds == null ? null : sent / Math.max(1, uptimeSeconds),
                    s.value("audit_agent_forward_backlog_events", "destination", name),
                    s.value("audit_agent_forward_backlog_bytes", "destination", name),
                    s.value("audit_agent_forward_backlog_age_seconds", "destination", name), lastSuccess,
                    lastSuccess == null ? null : (at.toEpochMilli() - lastSuccess.toEpochMilli()) / 1000.0,
                    s.value("audit_agent_forward_dropped_events_total", "destination", name),
                    s.value("audit_agent_forward_consecutive_failures", "destination", name), failures));
        }
        return List.copyOf(out);
    }
}
