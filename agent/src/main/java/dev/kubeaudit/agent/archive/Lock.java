package dev.kubeaudit.agent.archive;

import java.time.Instant;
import java.util.Objects;

/**
 * The Object Lock state of one object version as the store reported it (S3: the
 * {@code x-amz-object-lock-mode}, {@code -retain-until-date} and {@code -legal-hold} headers of
 * HeadObject). Each part is known only when the store said it: S3 leaves the headers out both when
 * the version has no retention or hold and when the caller lacks {@code s3:GetObjectRetention} /
 * {@code s3:GetObjectLegalHold}, so a missing part is {@code UNKNOWN} (retain-until: null), never
 * "not locked". Immutable.
 */
public record Lock(Mode mode, Instant retainUntil, LegalHold legalHold) {

    /** The retention mode; {@code UNKNOWN} when not reported. */
    public enum Mode { GOVERNANCE, COMPLIANCE, UNKNOWN }

    /** The legal hold; {@code UNKNOWN} when not reported. */
    public enum LegalHold { ON, OFF, UNKNOWN }

    /** Nothing reported. */
    public static final Lock UNKNOWN = new Lock(Mode.UNKNOWN, null, LegalHold.UNKNOWN);

    public Lock {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(legalHold, "legalHold");
    }

    /** True when both the retention mode and its end were reported. */
    public boolean retentionKnown() {
        return mode != Mode.UNKNOWN && retainUntil != null;
    }

    /**
     * True when what was reported proves the version undeletable at {@code now}: a retention ending
     * after {@code now} (a GOVERNANCE one can still be bypassed with the permission to) or a legal
     * hold that is on. False says only that it was not proven.
     */
    public boolean provenLockedAt(Instant now) {
        return retentionKnown() && retainUntil.isAfter(now) || legalHold == LegalHold.ON;
    }
}
