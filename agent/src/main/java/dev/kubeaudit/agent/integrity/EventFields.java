package dev.kubeaudit.agent.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Picks the top-level {@code auditID} and {@code stageTimestamp} out of audit.log lines, keeping
 * the first and last auditID and the earliest and latest stageTimestamp (compared as instants,
 * kept as written). Lines that are not JSON objects (the legacy format) are skipped. Not thread-safe.
 */
final class EventFields {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private String firstAuditID;
    private String lastAuditID;
    private String minStage;
    private String maxStage;
    private Instant min;
    private Instant max;

    void scan(byte[] buf, int off, int len) {
        if (len == 0 || buf[off] != '{') {
            return;
        }
        String auditID = null;
        String stage = null;
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && "auditID".equals(name)) {
                    auditID = p.getText();
                } else if (value == JsonToken.VALUE_STRING && "stageTimestamp".equals(name)) {
                    stage = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return;   // not an event line: counted and hashed, nothing to pick out
        }
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
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeParseException e) {
            return;
        }
        if (min == null || t.isBefore(min)) {
            min = t;
            minStage = text;
        }
        if (max == null || t.isAfter(max)) {
            max = t;
            maxStage = text;
        }
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
