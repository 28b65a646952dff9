package dev.kubeaudit.agent.integrity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Picks the top-level {@code auditID} and {@code stageTimestamp} out of audit.log lines ({@link TopLevelFields}), keeping
 * the first and last auditID and the earliest and latest stageTimestamp (compared as instants,
 * kept as written). Lines that are not JSON objects (the legacy format) are skipped. Not thread-safe.
 */
final class EventFields {
    private static final byte[] AUDIT_ID = "\"auditID\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STAGE_TIMESTAMP = "\"stageTimestamp\"".getBytes(StandardCharsets.US_ASCII);

    private String firstAuditID;
    private String lastAuditID;
    private String minStage;
    private String maxStage;
    private Instant min;
    private Instant max;

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
        if (stage != null) {
            stage(stage);
        }
    }

    private void stage(String text) {
        if (minStage != null && sameMicroTimeForm(text, minStage) && sameMicroTimeForm(text, maxStage)) {
            // kube's MicroTime (yyyy-MM-ddTHH:mm:ss.ffffffZ): one fixed width, so text order is time order
            if (text.compareTo(minStage) < 0) {
                minStage = text;
                min = null;
            }
            if (text.compareTo(maxStage) > 0) {
                maxStage = text;
                max = null;
            }
            return;
        }
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeParseException e) {
            return;
        }
        if (minStage == null || t.isBefore(min())) {
            min = t;
            minStage = text;
        }
        if (maxStage == null || t.isAfter(max())) {
            max = t;
            maxStage = text;
        }
    }

    private Instant min() {
        if (min == null) {
            min = Instant.parse(minStage);
        }
        return min;
    }

    private Instant max() {
        if (max == null) {
            max = Instant.parse(maxStage);
        }
        return max;
    }

    /** Both in the fixed-width UTC form kube-apiserver writes, so that comparing the text compares the times. */
    private static boolean sameMicroTimeForm(String a, String b) {
        return microTime(a) && microTime(b);
    }

    private static final String MICRO_TIME = "dddd-dd-ddTdd:dd:dd.ddddddZ";

    private static boolean microTime(String s) {
        if (s.length() != MICRO_TIME.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char form = MICRO_TIME.charAt(i);
            char c = s.charAt(i);
            if (form == 'd' ? c < '0' || c > '9' : c != form) {
                return false;
            }
        }
        return true;
    }

    String firstAuditID() {
        return firstAuditID;
    }

    String lastAuditID() {
        return lastAuditID;
    }

    String minStageTimestamp() {
        return minStage;
    }

    String maxStageTimestamp() {
        return maxStage;
    }
}
