package dev.kubeaudit.agent.integrity;

import java.nio.charset.StandardCharsets;

/**
 * Picks the top-level {@code auditID} and {@code stageTimestamp} out of audit.log lines
 * ({@link TopLevelFields}), keeping the first and last auditID and the earliest and latest
 * stageTimestamp ({@link TimeRange}). Lines that are not JSON objects (the legacy format) are
 * skipped. Not thread-safe.
 */
final class EventFields {
    private static final byte[] AUDIT_ID = "\"auditID\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STAGE_TIMESTAMP = "\"stageTimestamp\"".getBytes(StandardCharsets.US_ASCII);

    private final TimeRange stages = new TimeRange();
    private String firstAuditID;
    private String lastAuditID;

    void scan(byte[] buf, int off, int len) {
        if (len == 0 || buf[off] != '{') {
            return;   // not an event line (the legacy format): counted and hashed, nothing to pick out
        }
        String auditID = TopLevelFields.first(buf, off, len, AUDIT_ID);
        String stage = TopLevelFields.last(buf, off, len, STAGE_TIMESTAMP);
        if (auditID != null) {
            if (firstAuditID == null) {
                firstAuditID = auditID;
            }
            lastAuditID = auditID;
        }
        stages.add(stage);
    }

    String firstAuditID() {
        return firstAuditID;
    }

    String lastAuditID() {
        return lastAuditID;
    }

    String minStageTimestamp() {
        return stages.earliest();
    }

    String maxStageTimestamp() {
        return stages.latest();
    }
}
