package dev.kubeaudit.agent.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The decisions {@link EventListParser} made before it had its own scanner, kept as the reference
 * its scanner is compared with: the same text checks, Jackson's streaming parser with strict
 * defaults and the limits as stream read constraints, the same item checks and spans, then the
 * longest-string check. Not for production use: thread-safe, but allocates per token.
 */
final class JacksonEventListReference {
    /** What an accepted body yields: the apiVersion named (null when none) and the item spans. */
    record Outline(String apiVersion, int[] spans, int count) {
    }

    private final JsonFactory factory;
    private final int maxEvents;
    private final int maxStringLength;

    JacksonEventListReference(IngestLimits limits, long maxDocumentLength) {
        this.maxEvents = limits.maxEventsPerBatch();
        this.maxStringLength = limits.maxJsonStringLength();
        this.factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonNestingDepth())
                .maxNumberLength(limits.maxJsonNumberLength())
                .maxStringLength(limits.maxJsonStringLength())
                .maxNameLength(limits.maxJsonStringLength())
                .maxDocumentLength(maxDocumentLength)
                .build()).build();
    }

    Outline parse(byte[] body, int off, int len) throws BadEventListException {
        int bad = JsonBytes.firstInvalidByte(body, off, off + len);
        if (bad >= 0) {
            throw new BadEventListException("invalid text at byte " + (bad - off));
        }
        int first = off;
        while (first < off + len && JsonBytes.isWhitespace(body[first])) {
            first++;
        }
        if (first == off + len || body[first] != '{') {
            throw new BadEventListException("expected an EventList object");
        }
        Outline outline = outline(body, off, len);
        if (len > maxStringLength && JsonBytes.longestString(body, off, off + len) > maxStringLength) {
            throw new BadEventListException("a JSON string over " + maxStringLength + " bytes", "json_string");
        }
        return outline;
    }

    private Outline outline(byte[] body, int off, int len) throws BadEventListException {
        try (JsonParser p = factory.createParser(body, off, len)) {
            State s = new State();
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "apiVersion" -> s.apiVersion = once(s.apiVersion, text(p, value, name), name);
                    case "kind" -> s.kind = once(s.kind, text(p, value, name), name);
                    case "items" -> readItems(p, value, off, s);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BadEventListException("unexpected content after the EventList");
            }
            if (s.spans == null) {
                throw new BadEventListException("items: expected an array");
            }
            if (s.kind != null && !s.kind.equals("EventList")) {
                throw new BadEventListException("kind: not EventList");
            }
            String v = s.apiVersion == null ? EventListParser.V1 : s.apiVersion;
            if (!EventListParser.API_VERSIONS.contains(v)) {
                throw new BadEventListException("apiVersion: not known");
            }
            return new Outline(s.apiVersion, Arrays.copyOf(s.spans, 3 * s.count), s.count);
        } catch (StreamConstraintsException e) {
            throw new BadEventListException("JSON over a limit: " + e.getOriginalMessage(), limitOf(e));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BadEventListException("malformed JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " at byte " + at.getByteOffset()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String limitOf(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "json_depth";
        }
        if (m.startsWith("Number")) {
            return "json_number";
        }
        if (m.startsWith("String") || m.startsWith("Name")) {
            return "json_string";
        }
        return "json_document";
    }

    private void readItems(JsonParser p, JsonToken value, int off, State s) throws IOException, BadEventListException {
        if (value != JsonToken.START_ARRAY || s.spans != null) {
            throw new BadEventListException(s.spans == null ? "items: expected an array" : "items: duplicate key");
        }
        s.spans = new int[3 * 16];
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (s.count == maxEvents) {
                throw new BadEventListException("more than " + maxEvents + " events", EventListParser.EVENTS_PER_BATCH);
            }
            if (t != JsonToken.START_OBJECT) {
                throw new BadEventListException("items[" + s.count + "]: expected an object");
            }
            readItem(p, off, s);
        }
    }

    private static void readItem(JsonParser p, int off, State s) throws IOException, BadEventListException {
        int start = off + tokenOffset(p);
        boolean auditId = false;
        boolean stage = false;
        boolean level = false;
        boolean typed = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            boolean string = p.nextToken() == JsonToken.VALUE_STRING;
            switch (name) {
                case "auditID" -> auditId = string;
                case "stage" -> stage = string;
                case "level" -> level = string;
                case "kind", "apiVersion" -> typed = true;
                default -> { }
            }
            p.skipChildren();
        }
        int end = off + tokenOffset(p) + 1;
        if (!auditId || !stage || !level) {
            throw new BadEventListException("items[" + s.count + "]: a required field missing or not a string");
        }
        int from = typed ? start : start + 1;
        if (3 * s.count == s.spans.length) {
            s.spans = Arrays.copyOf(s.spans, 2 * s.spans.length);
        }
        s.spans[3 * s.count] = from;
        s.spans[3 * s.count + 1] = end - from;
        s.spans[3 * s.count + 2] = typed ? 0 : 1;
        s.count++;
    }

    /** Byte offset of the current token in the parsed range. */
    private static int tokenOffset(JsonParser p) {
        return (int) (((ParserBase) p).getTokenCharacterOffset() - 1);
    }

    private static String text(JsonParser p, JsonToken value, String field) throws IOException, BadEventListException {
        if (value != JsonToken.VALUE_STRING) {
            throw new BadEventListException(field + ": expected a string");
        }
        return p.getText();
    }

    private static String once(String previous, String value, String field) throws BadEventListException {
        if (previous != null) {
            throw new BadEventListException(field + ": duplicate key");
        }
        return value;
    }

    private static final class State {
        String apiVersion;
        String kind;
        int[] spans;
        int count;
    }
}
