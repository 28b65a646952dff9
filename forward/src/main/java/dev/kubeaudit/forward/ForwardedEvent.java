package dev.kubeaudit.forward;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Objects;

/**
 * One event as a destination receives it: its {@code auditID} and its audit.log line exactly as
 * audit.log holds it, without the trailing newline. The line array is not copied: nobody may
 * change it afterwards.
 */
public record ForwardedEvent(String auditId, byte[] line) {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    public ForwardedEvent {
        Objects.requireNonNull(auditId, "auditId");
        Objects.requireNonNull(line, "line");
    }

    /**
     * The event of a JSON audit.log line (the {@code json} log format), its auditID read from the
     * line's top-level {@code auditID} string.
     *
     * @throws IllegalArgumentException when the line is not a JSON object with a top-level string auditID
     */
    public static ForwardedEvent ofJsonLine(byte[] line) {
        return new ForwardedEvent(auditIdOf(line), line);
    }

    private static String auditIdOf(byte[] line) {
        if (line.length == 0 || line[0] != '{') {
            throw new IllegalArgumentException("audit.log line is not a JSON object");
        }
        try (JsonParser parser = JSON.createParser(line)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("auditID") && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("audit.log line is not valid JSON: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("audit.log line has no top-level string auditID");
    }
}
