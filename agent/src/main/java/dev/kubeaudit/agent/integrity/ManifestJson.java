package dev.kubeaudit.agent.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A {@link Manifest} as one line of compact JSON, fields always in the same order (so the bytes
 * that are signed and hashed are produced once and never re-serialized):
 * {@code {"format":1,"kind":"segment","origin":…,"seq":…,"prev":…,"key":…,"sealed":…,"keyId":…,"segment":{…}}}
 * or {@code …,"gap":{"id":…,"reason":…,"declared":…,"detail":…}}. Parsing rejects a newer
 * format. Stateless; thread-safe.
 */
public final class ManifestJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ManifestJson() {
    }

    /** The JSON text of {@code m}, without a newline. */
    public static String write(Manifest m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("format", Manifest.FORMAT);
            g.writeStringField("kind", m.kind());
            g.writeStringField("origin", m.origin());
            g.writeNumberField("seq", m.seq());
            g.writeStringField("prev", m.prev());
            g.writeStringField("key", m.key());
            g.writeStringField("sealed", m.sealed().toString());
            g.writeStringField("keyId", m.keyId());
            if (m.isGap()) {
                writeGap(g, m.gap());
            } else {
                writeSegment(g, m);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void writeSegment(JsonGenerator g, Manifest m) throws IOException {
        SegmentFacts f = m.facts();
        g.writeObjectFieldStart("segment");
        g.writeStringField("time", m.segmentTime().toString());
        g.writeNumberField("storedSize", f.storedSize());
        g.writeStringField("storedSha256", f.storedSha256());
        g.writeStringField("compression", f.compression());
        g.writeNumberField("contentSize", f.contentSize());
        g.writeStringField("contentSha256", f.contentSha256());
        g.writeNumberField("lines", f.lines());
        g.writeStringField("merkleRoot", Base64.getEncoder().encodeToString(f.merkleRoot()));
        writeLong(g, "firstIndex", m.firstIndex());
        writeLong(g, "lastIndex", m.lastIndex());
        g.writeStringField("firstAuditID", f.firstAuditID());
        g.writeStringField("lastAuditID", f.lastAuditID());
        g.writeStringField("minStageTimestamp", f.minStageTimestamp());
        g.writeStringField("maxStageTimestamp", f.maxStageTimestamp());
        g.writeEndObject();
    }

    private static void writeGap(JsonGenerator g, DeclaredGap gap) throws IOException {
        g.writeObjectFieldStart("gap");
        g.writeStringField("id", gap.id());
        g.writeStringField("reason", gap.reason());
        g.writeStringField("declared", gap.time().toString());
        g.writeStringField("detail", gap.detail());
        g.writeEndObject();
    }

    private static void writeLong(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    /** Parses the JSON text of a manifest; IllegalArgumentException naming the field that is wrong. */
    public static Manifest parse(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int format = n.path("format").asInt(-1);
        if (format < 1 || format > Manifest.FORMAT) {
            throw new IllegalArgumentException("format " + n.path("format") + " (this version reads "
                    + Manifest.FORMAT + ")");
        }
        String kind = text(n, "kind");
        String origin = text(n, "origin");
        long seq = number(n, "seq");
        String prev = text(n, "prev");
        String key = text(n, "key");
        Instant sealed = instant(n, "sealed");
        String keyId = text(n, "keyId");
        if (kind.equals("gap")) {
            JsonNode g = object(n, "gap");
            return Manifest.gap(origin, seq, prev, key, sealed, keyId,
                    new DeclaredGap(text(g, "id"), text(g, "reason"), instant(g, "declared"), text(g, "detail")));
        }
        if (!kind.equals("segment")) {
            throw new IllegalArgumentException("kind '" + kind + "' (expected: segment or gap)");
        }
        JsonNode s = object(n, "segment");
        byte[] root;
        try {
            root = Base64.getDecoder().decode(text(s, "merkleRoot"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("segment.merkleRoot: not base64");
        }
        SegmentFacts facts = new SegmentFacts(number(s, "storedSize"), text(s, "storedSha256"), text(s, "compression"),
                number(s, "contentSize"), text(s, "contentSha256"), number(s, "lines"), root,
                optionalText(s, "firstAuditID"), optionalText(s, "lastAuditID"), optionalText(s, "minStageTimestamp"),
                optionalText(s, "maxStageTimestamp"));
        return Manifest.segment(origin, seq, prev, key, sealed, keyId, instant(s, "time"), facts,
                optionalNumber(s, "firstIndex"), optionalNumber(s, "lastIndex"));
    }

    private static JsonNode object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException(field + ": missing or not an object");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + ": missing or not a string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : text(n, field);
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + ": missing or not an integer");
        }
        return v.asLong();
    }

    private static Long optionalNumber(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : number(n, field);
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return Instant.parse(text(n, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not a time (" + e.getParsedString() + ")");
        }
    }
}
