package dev.kubeaudit.agent.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Tells whether an audit.log line is the event of one auditID: a byte search for the ID first (most
 * lines fail it), then the line's top-level {@code auditID} field read to confirm. Not thread-safe:
 * one per reader.
 */
final class AuditIdMatch {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private final String auditID;
    private final byte[] needle;

    AuditIdMatch(String auditID) {
        this.auditID = auditID;
        this.needle = auditID.getBytes(StandardCharsets.UTF_8);
    }

    boolean matches(byte[] buf, int off, int len) {
        return contains(buf, off, len) && auditID.equals(topLevelAuditId(buf, off, len));
    }

    private boolean contains(byte[] buf, int off, int len) {
        int last = off + len - needle.length;
        outer:
        for (int i = off; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String topLevelAuditId(byte[] buf, int off, int len) {
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("auditID")) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;   // not a JSON line: not the event
        }
        return null;
    }
}
