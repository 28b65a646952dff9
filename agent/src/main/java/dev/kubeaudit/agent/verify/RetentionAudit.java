package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.BucketLock;
import dev.kubeaudit.agent.archive.Lock;
import dev.kubeaudit.agent.archive.ObjectVersion;
import dev.kubeaudit.agent.archive.Versions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Audits what a versioned store keeps under a node's prefix: delete markers ({@code DELETE_MARKER},
 * a failure while it hides the key), overwritten keys ({@code EXTRA_VERSION}, a warning: the chain
 * judges the current bytes), and with an expected retention the Object Lock of each key's current
 * version ({@code RETENTION}: weaker mode or earlier retain-until than the record's time plus the
 * days is a failure; a lock the store did not report is unknown, not unlocked, and makes the run
 * incomplete). When retention is expected, versioning is on and no version reports any lock at all,
 * the store probably ignores Object Lock ({@code LOCK_IGNORED}: a failure when the bucket claims a
 * lock configuration, else incomplete). Stateless.
 */
final class RetentionAudit {
    private RetentionAudit() {
    }

    /** Audits {@code versions}; {@code recordTimes} gives the time each chain object's retention counts from. Returns a status for the summary. */
    static String audit(Optional<Versions> versions, ExpectedRetention expected, Map<String, Instant> recordTimes,
                        Findings findings) {
        if (versions.isEmpty()) {
            if (expected != null) {
                findings.incomplete(FindingType.RETENTION, null, "the store keeps no versions or Object Lock state:"
                        + " retention " + expected.mode() + ":" + expected.days() + " cannot be verified");
            }
            return "not audited (the store keeps no versions)";
        }
        Versions v = versions.get();
        if (v.versioning() == Versions.Versioning.SUSPENDED) {
            findings.add(FindingType.RETENTION, expected == null ? Severity.WARNING : Severity.FAILURE, null,
                    "bucket versioning is suspended: overwrites and deletes are no longer kept", List.of());
        }
        if (expected != null && v.bucketLock().state() == BucketLock.State.NONE) {
            findings.failure(FindingType.RETENTION, null, "the bucket has no Object Lock configuration");
        }
        List<String> unknown = new ArrayList<>();
        boolean anyReported = false;
        for (Map.Entry<String, List<ObjectVersion>> e : v.byKey().entrySet()) {
            List<ObjectVersion> objects = markers(e.getKey(), e.getValue(), findings);
            if (objects.size() > 1) {
                findings.warning(FindingType.EXTRA_VERSION, null, objects.size() + " versions (newest first: "
                        + String.join(", ", objects.stream().map(ObjectVersion::versionId).toList())
                        + "): the key was overwritten", e.getKey());
            }
            if (expected == null || objects.isEmpty()) {
                continue;
            }
            ObjectVersion current = objects.get(0);
            Lock lock = current.lock();
            anyReported |= lock.mode() != Lock.Mode.UNKNOWN || lock.retainUntil() != null
                    || lock.legalHold() != Lock.LegalHold.UNKNOWN;
            Instant from = recordTimes.getOrDefault(e.getKey(), current.lastModified());
            if (!check(e.getKey(), current, from, expected, findings)) {
                unknown.add(e.getKey());
            }
        }
        if (expected != null && !unknown.isEmpty()) {
            unknownLocks(v, unknown, anyReported, findings);
        }
        return expected == null ? "versions audited" : "versions and retention audited";
    }

    private static List<ObjectVersion> markers(String key, List<ObjectVersion> newestFirst, Findings findings) {
        List<ObjectVersion> objects = new ArrayList<>();
        for (ObjectVersion o : newestFirst) {
            if (!o.deleteMarker()) {
                objects.add(o);
            } else if (o.latest()) {
                findings.failure(FindingType.DELETE_MARKER, null, "deleted at " + o.lastModified() + " (delete marker "
                        + o.versionId() + "): the key answers 404, " + (newestFirst.size() - 1)
                        + " version(s) below it remain", key);
            } else {
                findings.warning(FindingType.DELETE_MARKER, null, "deleted at " + o.lastModified() + " (delete marker "
                        + o.versionId() + ") and restored since", key);
            }
        }
        return objects;
    }

    /** False when the version's retention is unknown; reports retention that is known and short. */
    private static boolean check(String key, ObjectVersion current, Instant from, ExpectedRetention expected,
                                 Findings findings) {
        Lock lock = current.lock();
        if (lock.legalHold() == Lock.LegalHold.ON) {
            return true;
        }
        if (!lock.retentionKnown()) {
            return false;
        }
        Instant needed = from.plus(expected.period());
        if (!expected.modeSatisfiedBy(lock.mode())) {
            findings.failure(FindingType.RETENTION, null, "locked " + lock.mode() + " (expected: " + expected.mode()
                    + ")", key);
        } else if (lock.retainUntil().isBefore(needed)) {
            findings.failure(FindingType.RETENTION, null, "retained until " + lock.retainUntil() + " (expected: at least"
                    + " " + needed + ", " + expected.days() + " days from " + from + ")", key);
        }
        return true;
    }

    private static void unknownLocks(Versions v, List<String> unknown, boolean anyReported, Findings findings) {
        if (!anyReported && v.versioning() == Versions.Versioning.ENABLED) {
            boolean claimed = v.bucketLock().state() == BucketLock.State.ENABLED;
            findings.add(FindingType.LOCK_IGNORED, claimed ? Severity.FAILURE : Severity.INCOMPLETE, null,
                    "versioning is on and retention is expected, yet none of " + unknown.size() + " objects reports"
                            + " any Object Lock" + (claimed ? " though the bucket claims a lock configuration" : "")
                            + ": the store may ignore Object Lock headers, or the credentials lack"
                            + " s3:GetObjectRetention", List.of());
            return;
        }
        findings.add(FindingType.RETENTION, Severity.INCOMPLETE, null, "Object Lock state unknown (not reported by the"
                + " store) for " + unknown.size() + " object(s)", unknown);
    }
}
