package dev.kubeaudit.agent.status;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AgentStatus} and its {@link Health} as one screen of text: a headline, one line per
 * part, then the problems and warnings as lists. A value the agent does not export shows as
 * {@code n/a}. Stateless.
 */
public final class StatusText {
    private static final String NA = "n/a";

    private StatusText() {
    }

    public static String render(AgentStatus status, Health health) {
        StringBuilder out = new StringBuilder();
        out.append("audit-agent at ").append(status.url()).append(": ")
                .append(health.healthy() ? "healthy" : "UNHEALTHY").append('\n');
        if (status.reached()) {
            parts(status, out);
        }
        list(out, "problems", health.problems());
        list(out, "warnings", health.warnings());
        return out.toString();
    }

    private static void parts(AgentStatus s, StringBuilder out) {
        line(out, "ready", (s.readiness().ready() ? "yes" : "NO") + " (/readyz " + s.readiness().answer() + ")");
        AgentStatus.Build b = s.build();
        line(out, "version", or(b.version()) + ", revision " + shortRevision(b.revision()) + ", Java " + or(b.java())
                + "; cluster " + or(b.cluster()) + ", node " + or(b.node()));
        line(out, "uptime", s.uptimeSeconds() == null ? NA : HumanUnits.duration(s.uptimeSeconds()));
        AgentStatus.Events e = s.events();
        line(out, "events", "received " + rate(e.receivedPerSecond()) + ", written " + rate(e.writtenPerSecond())
                + " over the last minute (" + count(e.receivedTotal()) + " and " + count(e.writtenTotal())
                + " since the start)");
        AgentStatus.Journal j = s.journal();
        line(out, "journal", "backlog " + count(j.backlogEvents()) + " events, "
                + (j.backlogBytes() == null ? NA : HumanUnits.bytes(j.backlogBytes())) + ", oldest waiting "
                + age(j.backlogAgeSeconds()) + (j.writerStalled() ? "; log writer STALLED" : ""));
        line(out, "shipping", shipping(s.shipping()));
        AgentStatus.LastHour h = s.lastHour();
        line(out, "last hour", count(h.refusedRequests()) + " refused requests (4xx/5xx), " + count(h.authFailures())
                + " authentication failures");
        AgentStatus.Certificate c = s.certificate();
        line(out, "certificate", c == null ? "none (no TLS)" : (c.expiresInSeconds() > 0
                ? "expires " + c.expiry() + " (in " + HumanUnits.duration(c.expiresInSeconds()) + ")"
                : "EXPIRED " + c.expiry() + " (" + HumanUnits.duration(-c.expiresInSeconds()) + " ago)"));
        AgentStatus.Integrity i = s.integrity();
        if (i != null) {
            line(out, "integrity", i.lastCheckpoint() == null ? "no signed checkpoint yet (or integrity off)"
                    : "last checkpoint " + i.lastCheckpoint() + " (" + age(i.lastCheckpointAgeSeconds()) + " ago)");
        }
        s.forward().forEach(f -> line(out, "forward", forward(f)));
    }

    private static String forward(ForwardStatus f) {
        StringBuilder out = new StringBuilder(f.destination()).append(": sent ").append(count(f.sentEvents()))
                .append(" events (").append(rate(f.sentPerSecond())).append(" since the start); backlog ")
                .append(count(f.backlogEvents())).append(" events, ")
                .append(f.backlogBytes() == null ? NA : HumanUnits.bytes(f.backlogBytes())).append(", oldest waiting ")
                .append(age(f.backlogAgeSeconds())).append("; last success ").append(f.lastSuccess() == null
                        ? "none since the start" : f.lastSuccess() + " (" + age(f.lastSuccessAgeSeconds()) + " ago)");
        if (f.droppedEvents() != null && f.droppedEvents() > 0) {
            out.append("; DROPPED ").append(count(f.droppedEvents())).append(" events");
        }
        if (f.consecutiveFailures() != null && f.consecutiveFailures() > 0) {
            out.append("; FAILING, ").append(count(f.consecutiveFailures())).append(" attempts in a row");
        }
        if (!f.failures().isEmpty()) {
            List<String> parts = new ArrayList<>();
            f.failures().forEach((reason, n) -> parts.add(reason + " " + HumanUnits.count(n)));
            out.append("; failures ").append(String.join(", ", parts));
        }
        return out.toString();
    }

    private static String shipping(AgentStatus.Shipping p) {
        if (p == null) {
            return "off (no shipping metrics: ship.destination none)";
        }
        StringBuilder out = new StringBuilder(HumanUnits.count(p.segmentsPending()))
                .append(p.segmentsPending() == 1 ? " segment" : " segments").append(" pending");
        if (p.segmentsPending() > 0) {
            out.append(", the oldest for ").append(HumanUnits.duration(p.oldestPendingAgeSeconds()));
        }
        out.append("; last upload ").append(p.lastSuccess() == null ? "none since the start"
                : p.lastSuccess() + " (" + age(p.lastSuccessAgeSeconds()) + " ago)");
        if (p.uploadFailuresInARow() != null && p.uploadFailuresInARow() > 0) {
            out.append("; ").append(HumanUnits.count(p.uploadFailuresInARow())).append(" upload failures in a row");
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append("  ").append(label).append(" ".repeat(Math.max(1, 13 - label.length()))).append(value).append('\n');
    }

    private static void list(StringBuilder out, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.append(title).append(":\n");
        for (String item : items) {
            out.append("  - ").append(item).append('\n');
        }
    }

    private static String shortRevision(String revision) {
        return revision == null ? NA : revision.matches("[0-9a-f]{40}") ? revision.substring(0, 12) : revision;
    }

    private static String or(String value) {
        return value == null ? NA : value;
    }

    private static String rate(Double perSecond) {
        return perSecond == null ? NA : HumanUnits.rate(perSecond);
    }

    private static String count(Double n) {
        return n == null ? NA : HumanUnits.count(n);
    }

    private static String age(Double seconds) {
        return seconds == null ? NA : HumanUnits.duration(seconds);
    }
}
