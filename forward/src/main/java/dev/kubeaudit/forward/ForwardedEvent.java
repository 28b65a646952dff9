package dev.kubeaudit.forward;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Objects;

/**
 * One event as a destination receives it: its {@code auditID} and its audit.log line exactly as
 * audit.log holds it, without the trailing newline. The auditID of an event formed from a line
 * ({@link #of}) is read from it the first time it is asked for, since only some destinations key
 * by it (a webhook posts the lines alone). The line array is not copied: nobody may change it
 * afterwards. Not thread-safe (one forwarder's).
 */
public final class ForwardedEvent {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final byte[] line;
    private final byte[] idSource;
    private String auditId;

    public ForwardedEvent(String auditId, byte[] line) {
        this.auditId = Objects.requireNonNull(auditId, "auditId");
        this.line = Objects.requireNonNull(line, "line");
        this.idSource = null;
    }

    private ForwardedEvent(byte[] idSource, byte[] line) {
        this.line = line;
        this.idSource = idSource;
    }

    /**
     * The event of {@code line} whose auditID is the top-level {@code auditID} string of the JSON
     * object {@code idSource} (the line itself, or the event as received for the legacy format),
     * read when first asked for; empty when there is none (ingest accepts what kube-apiserver sends).
     */
    static ForwardedEvent of(byte[] idSource, byte[] line) {
        return new ForwardedEvent(Objects.requireNonNull(idSource, "idSource"), Objects.requireNonNull(line, "line"));
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

    public String auditId() {
        if (auditId == null) {
            try {
                auditId = auditIdOf(idSource);
            } catch (IllegalArgumentException e) {
                auditId = "";
            }
        }
        return auditId;
    }

    public byte[] line() {
        return line;
    }

    @Override
    public String toString() {
        return "ForwardedEvent[" + line.length + " line bytes]";
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
