package dev.kubeaudit.agent.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Evidence that an event is in the archive, checkable offline with SHA-256 alone (docs/verify.md):
 * the event's lines (every line of that auditID in its segment), each with its inclusion path in
 * the segment's line tree, whose size and root the manifest states; the manifest as stored, with
 * its inclusion path in the tree of the newest checkpoint covering it; that checkpoint as stored
 * (null when none covers it yet). Immutable.
 */
public record EventProof(String auditID, String node, String segmentKey, long seq, List<Line> lines,
                         String manifestKey, String manifestText, long treeSize, List<byte[]> manifestPath,
                         String checkpointKey, String checkpointText) {
    public static final int FORMAT = 1;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** One line of the event: its index in the segment, its bytes (no newline), its inclusion path. */
    public record Line(long index, byte[] bytes, List<byte[]> path) {
    }

    public EventProof {
        lines = List.copyOf(lines);
        manifestPath = manifestPath == null ? null : List.copyOf(manifestPath);
    }

    /** True when a checkpoint covers the event's record, so the proof reaches a signed root. */
    public boolean complete() {
        return checkpointText != null;
    }

    /** The proof as pretty-printed JSON (format 1, fields in docs/verify.md). */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeNumberField("format", FORMAT);
            g.writeStringField("auditID", auditID);
            g.writeStringField("node", node);
            g.writeObjectFieldStart("segment");
            g.writeStringField("key", segmentKey);
            g.writeNumberField("seq", seq);
            g.writeEndObject();
            g.writeArrayFieldStart("lines");
            for (Line l : lines) {
                g.writeStartObject();
                g.writeNumberField("index", l.index());
                writeLine(g, l.bytes());
                paths(g, "path", l.path());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("manifest");
            g.writeStringField("key", manifestKey);
            g.writeStringField("text", manifestText);
            g.writeNumberField("leafIndex", seq);
            if (checkpointText == null) {
                g.writeNullField("treeSize");
                g.writeNullField("path");
            } else {
                g.writeNumberField("treeSize", treeSize);
                paths(g, "path", manifestPath);
            }
            g.writeEndObject();
            if (checkpointText == null) {
                g.writeNullField("checkpoint");
            } else {
                g.writeObjectFieldStart("checkpoint");
                g.writeStringField("key", checkpointKey);
                g.writeStringField("text", checkpointText);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    /** The line as text when it is UTF-8 (always, for kube-apiserver's JSON), else as base64. */
    private static void writeLine(JsonGenerator g, byte[] bytes) throws IOException {
        try {
            g.writeStringField("line", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            g.writeStringField("lineBase64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    private static void paths(JsonGenerator g, String field, List<byte[]> path) throws IOException {
        g.writeArrayFieldStart(field);
        for (byte[] h : path) {
            g.writeString(Base64.getEncoder().encodeToString(h));
        }
        g.writeEndArray();
    }
}
