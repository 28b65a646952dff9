package dev.kubeaudit.agent.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts audit events by auditID in audit.log lines, checking on the way that every line is one
 * whole JSON event ({@code {"kind":"Event",…}} with an auditID, nothing after it): a torn or
 * spliced line fails the count. Stateless.
 */
public final class AuditIds {
    private static final JsonFactory JSON = new JsonFactory();

    private AuditIds() {
    }

    /** How often each auditID occurs in {@code lines}. */
    public static Map<String, Integer> count(Collection<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines) {
            counts.merge(auditIdOf(line), 1, Integer::sum);
        }
        return counts;
    }

    /** How often each auditID occurs in audit.log and its backups ({@code active} names audit.log). */
    public static Map<String, Integer> inLog(Path active) throws IOException {
        return count(AuditLogFiles.lines(active));
    }

    /**
     * Whether audit.log and its backups hold every one of {@code ids}; false as well while a file is
     * being written, compressed or renamed under the reader. For waiting, not for asserting.
     */
    public static boolean allWritten(Path active, Collection<String> ids) {
        try {
            return inLog(active).keySet().containsAll(ids);
        } catch (IOException | AssertionError e) {
            return false;
        }
    }

    /**
     * For the events {@code ids}: how many of them occur how often in {@code counts}, e.g. {1=2000}
     * when each is there once, {0=2000} when none is.
     */
    public static Map<Integer, Long> copies(Collection<String> ids, Map<String, Integer> counts) {
        Map<Integer, Long> histogram = new TreeMap<>();
        for (String id : ids) {
            histogram.merge(counts.getOrDefault(id, 0), 1L, Long::sum);
        }
        return histogram;
    }

    private static String auditIdOf(String line) {
        String id = null;
        String kind = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(line, "not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("auditID") && value == JsonToken.VALUE_STRING) {
                    id = p.getText();
                } else if (field.equals("kind") && value == JsonToken.VALUE_STRING) {
                    kind = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw malformed(line, "not one whole JSON object");
            }
        } catch (IOException e) {
            throw malformed(line, e.getMessage().lines().findFirst().orElse(""));
        }
        if (!"Event".equals(kind) || id == null) {
            throw malformed(line, "not an audit Event with an auditID");
        }
        return id;
    }

    private static AssertionError malformed(String line, String why) {
        return new AssertionError("torn or malformed audit.log line (" + why + "): "
                + line.substring(0, Math.min(200, line.length())));
    }
}
