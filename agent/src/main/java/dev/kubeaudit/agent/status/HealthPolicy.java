package dev.kubeaudit.agent.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether an agent is healthy, with the thresholds of the alert rules in
 * {@code config/prometheus/alerts.yaml}. Problems (unhealthy): unreachable; not ready (with the
 * stalled log writer or failed component behind it); the journal refusing batches (backlog over
 * journal.maxDiskBytes, free disk under journal.minFreeBytes); shipping stuck: segments pending
 * with the oldest over {@link #OLDEST_PENDING} (KubeAuditOldestPendingSegment) or no upload for
 * {@link #NO_UPLOAD} (KubeAuditShippingStalled; since the start when none yet), or the last
 * {@link #FAILURES_IN_A_ROW} upload attempts failed; the server certificate expired. Warnings: the
 * certificate expires within {@link #CERTIFICATE_SOON} (KubeAuditCertificateExpiry); no signed
 * checkpoint for {@link #CHECKPOINT_LATE} (KubeAuditIntegrityCheckpointsStopped); a forwarding
 * destination whose oldest waiting event is older than {@link #FORWARD_BEHIND}
 * (KubeAuditForwardBehind) or that had events dropped since the start (KubeAuditForwardDropping:
 * only that destination misses them, audit.log and the archive have them). Pure; stateless.
 */
public final class HealthPolicy {
    public static final Duration OLDEST_PENDING = Duration.ofHours(1);
    public static final Duration NO_UPLOAD = Duration.ofMinutes(30);
    public static final int FAILURES_IN_A_ROW = 3;
    public static final Duration CERTIFICATE_SOON = Duration.ofDays(7);
    public static final Duration CHECKPOINT_LATE = Duration.ofMinutes(15);
    public static final Duration FORWARD_BEHIND = Duration.ofMinutes(15);

    private HealthPolicy() {
    }

    public static Health judge(AgentStatus status) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (!status.reached()) {
            problems.add("cannot reach " + status.url() + ": " + status.unreachable());
            return new Health(problems, warnings);
        }
        readiness(status, problems);
        journal(status.journal(), problems);
        if (status.shipping() != null) {
            shipping(status.shipping(), status.uptimeSeconds(), problems);
        }
        certificate(status.certificate(), problems, warnings);
        AgentStatus.Integrity integrity = status.integrity();
        if (integrity != null && integrity.lastCheckpointAgeSeconds() != null
                && integrity.lastCheckpointAgeSeconds() > CHECKPOINT_LATE.toSeconds()) {
            warnings.add("no signed checkpoint for " + HumanUnits.duration(integrity.lastCheckpointAgeSeconds())
                    + " (over " + HumanUnits.duration(CHECKPOINT_LATE.toSeconds()) + ")");
        }
        status.forward().forEach(destination -> forward(destination, warnings));
        return new Health(problems, warnings);
    }

    private static void forward(ForwardStatus f, List<String> warnings) {
        if (f.backlogAgeSeconds() != null && f.backlogAgeSeconds() > FORWARD_BEHIND.toSeconds()) {
            warnings.add("forwarding to '" + f.destination() + "' is behind: its oldest waiting event for "
                    + HumanUnits.duration(f.backlogAgeSeconds()) + " (over " + HumanUnits.duration(
                    FORWARD_BEHIND.toSeconds()) + ")" + (f.failures().isEmpty() ? ""
                    : "; failures since the start: " + reasons(f.failures())));
        }
        if (f.droppedEvents() != null && f.droppedEvents() > 0) {
            warnings.add("forwarding to '" + f.destination() + "' dropped " + HumanUnits.count(f.droppedEvents())
                    + " events since the start (past forward[].maxBacklog); audit.log and the archive still have them");
        }
    }

    private static void readiness(AgentStatus status, List<String> problems) {
        if (status.readiness().ready()) {
            return;
        }
        problems.add("not ready: /readyz answered " + status.readiness().answer());
        if (status.journal().writerStalled()) {
            problems.add("log writer stalled: events wait in the journal and none reached audit.log for a minute");
        }
        for (String component : status.failedComponents()) {
            problems.add("'" + component + "' failed for good: the agent exits for a restart");
        }
    }

    private static void journal(AgentStatus.Journal journal, List<String> problems) {
        if (journal.backlogBytes() != null && journal.maxDiskBytes() != null
                && journal.backlogBytes() > journal.maxDiskBytes()) {
            problems.add("journal refusing batches (429): backlog " + HumanUnits.bytes(journal.backlogBytes())
                    + " over journal.maxDiskBytes " + HumanUnits.bytes(journal.maxDiskBytes()));
        }
        if (journal.freeBytes() != null && journal.minFreeBytes() != null && journal.freeBytes() < journal.minFreeBytes()) {
            problems.add("journal refusing batches (429): " + HumanUnits.bytes(journal.freeBytes())
                    + " free on its disk, under journal.minFreeBytes " + HumanUnits.bytes(journal.minFreeBytes()));
        }
    }

    private static void shipping(AgentStatus.Shipping shipping, Double uptime, List<String> problems) {
        String pending = HumanUnits.count(shipping.segmentsPending()) + " segment"
                + (shipping.segmentsPending() == 1 ? "" : "s") + " pending";
        if (shipping.segmentsPending() > 0 && shipping.oldestPendingAgeSeconds() > OLDEST_PENDING.toSeconds()) {
            problems.add("shipping stuck: " + pending + ", the oldest for " + HumanUnits.duration(
                    shipping.oldestPendingAgeSeconds()) + " (over " + HumanUnits.duration(OLDEST_PENDING.toSeconds()) + ")");
        }
        Double sinceUpload = shipping.lastSuccessAgeSeconds() != null ? shipping.lastSuccessAgeSeconds() : uptime;
        if (shipping.segmentsPending() > 0 && sinceUpload != null && sinceUpload > NO_UPLOAD.toSeconds()) {
            problems.add("shipping stuck: " + pending + " and no upload for " + HumanUnits.duration(sinceUpload)
                    + (shipping.lastSuccess() == null ? " (none since the start)" : "")
                    + " (over " + HumanUnits.duration(NO_UPLOAD.toSeconds()) + ")");
        }
        Double inARow = shipping.uploadFailuresInARow();
        if (inARow != null && inARow >= FAILURES_IN_A_ROW) {
            problems.add("uploads failing: the last " + HumanUnits.count(inARow) + " upload attempts failed; " + pending
                    + (shipping.failures().isEmpty() ? "" : "; failures since the start: " + reasons(shipping.failures())));
        }
    }

    private static String reasons(Map<String, Double> failures) {
        List<String> parts = new ArrayList<>();
        failures.forEach((reason, n) -> parts.add(reason + " " + HumanUnits.count(n)));
        return String.join(", ", parts);
    }

    private static void certificate(AgentStatus.Certificate certificate, List<String> problems, List<String> warnings) {
        if (certificate == null) {
            return;
        }
        if (certificate.expiresInSeconds() <= 0) {
            problems.add("the webhook's server certificate expired " + HumanUnits.duration(-certificate.expiresInSeconds())
                    + " ago (" + certificate.expiry() + ")");
        } else if (certificate.expiresInSeconds() < CERTIFICATE_SOON.toSeconds()) {
            warnings.add("the webhook's server certificate expires in " + HumanUnits.duration(
                    certificate.expiresInSeconds()) + " (" + certificate.expiry() + ")");
        }
    }
}
