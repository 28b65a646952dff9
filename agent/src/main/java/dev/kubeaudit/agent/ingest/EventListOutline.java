package dev.kubeaudit.agent.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One validating pass over an EventList with {@link JsonScanner}: its apiVersion and kind, and per
 * item where its line content starts, its length and whether it needs the kind/apiVersion prefix
 * (then its opening brace is left to the prefix). Every item must be an object with string
 * {@code auditID}, {@code stage} and {@code level} (the last of a repeated name counts); an item
 * with a {@code kind} or {@code apiVersion} name is typed. At the top, {@code apiVersion},
 * {@code kind} and {@code items} may each come once. Refusals come in the order of the text.
 * Not thread-safe: one per thread, reused body after body; allocates nothing for a body it accepts
 * unless its item count outgrows the scratch space or its apiVersion or kind is unusual.
 */
final class EventListOutline {
    private static final int MAX_SCRATCH_INTS = 3 * 8192;
    private static final byte[] API_VERSION = ascii("apiVersion");
    private static final byte[] KIND = ascii("kind");
    private static final byte[] ITEMS = ascii("items");
    private static final byte[] AUDIT_ID = ascii("auditID");
    private static final byte[] STAGE = ascii("stage");
    private static final byte[] LEVEL = ascii("level");
    private static final byte[] EVENT_LIST = ascii("EventList");
    private static final byte[] V1 = ascii(EventListParser.V1);
    private static final byte[] V1BETA1 = ascii(EventListParser.V1BETA1);

    private static final int OTHER_FIELD = 0;
    private static final int AUDIT_ID_FIELD = 1;
    private static final int STAGE_FIELD = 2;
    private static final int LEVEL_FIELD = 3;
    private static final int TYPE_FIELD = 4;

    private final JsonScanner json = new JsonScanner();
    private int[] scratch = new int[3 * 512];
    private byte[] b;
    private int maxEvents;

    /** The EventList's apiVersion field, null when it has none. */
    String apiVersion;
    /** The EventList's kind field, null when it has none. */
    String kind;
    /** Per item: start of its line content, its length, 1 when it needs the prefix (else 0); null when no items. */
    int[] spans;
    /** Items read. */
    int count;
    /** Index of the first whitespace byte outside strings, or -1 when the body is compact. */
    int firstWhitespace;

    /**
     * Reads {@code body[off, off + len)}, text {@link JsonBytes#firstInvalidByte} accepts, with
     * {@code limits}; the results stay in the fields until the next call.
     */
    void read(byte[] body, int off, int len, IngestLimits limits) throws BadEventListException {
        apiVersion = null;
        kind = null;
        spans = null;
        count = 0;
        firstWhitespace = -1;
        b = body;
        maxEvents = limits.maxEventsPerBatch();
        json.reset(body, off, off + len, limits.maxJsonNestingDepth(), limits.maxJsonNumberLength(),
                limits.maxJsonStringLength());
        try {
            json.end(eventList(json.next(off, "expected an EventList object")));
            firstWhitespace = json.firstWhitespace();
        } finally {
            json.reset(null, 0, 0, 0, 0, 0);
            b = null;
        }
    }

    /** The EventList object at {@code i}; returns the index after it. */
    private int eventList(int i) throws BadEventListException {
        if (b[i] != '{') {
            throw new BadEventListException("expected an EventList object");
        }
        json.open(i, 1);
        i = json.next(i + 1, "expected close marker for an object");
        if (b[i] == '}') {
            return i + 1;
        }
        for (;;) {
            int end = json.name(i);
            if (json.textEquals(i, end, API_VERSION)) {
                int at = json.colon(end);
                i = topString(at, "apiVersion", apiVersion);
                apiVersion = apiVersion(at, i);
            } else if (json.textEquals(i, end, KIND)) {
                int at = json.colon(end);
                i = topString(at, "kind", kind);
                kind = json.textEquals(at, i, EVENT_LIST) ? "EventList" : json.text(at, i);
            } else if (json.textEquals(i, end, ITEMS)) {
                i = items(json.colon(end));
            } else {
                i = json.value(json.colon(end), 1);
            }
            i = json.separator(i, true);
            if (b[i] == '}') {
                return i + 1;
            }
            i = json.next(i + 1, "was expecting double-quote to start field name");
        }
    }

    /** Checks the top-level string at {@code i}, the value of {@code field}; returns the index after it. */
    private int topString(int i, String field, String previous) throws BadEventListException {
        if (b[i] != '"') {
            json.token(i, 1);
            throw new BadEventListException(field + ": expected a string");
        }
        int end = json.string(i, false);
        if (previous != null) {
            throw new BadEventListException(field + ": duplicate key");
        }
        return end;
    }

    /** The apiVersion just scanned from {@code quote} to before {@code end}: a constant when it is a known one. */
    private String apiVersion(int quote, int end) {
        if (json.textEquals(quote, end, V1)) {
            return EventListParser.V1;
        }
        return json.textEquals(quote, end, V1BETA1) ? EventListParser.V1BETA1 : json.text(quote, end);
    }

    /** The items array at {@code i}; returns the index after it. */
    private int items(int i) throws BadEventListException {
        if (b[i] != '[' || spans != null) {
            json.token(i, 1);
            throw new BadEventListException(spans == null ? "items: expected an array" : "items: duplicate key");
        }
        json.open(i, 2);
        spans = scratch;
        i = json.next(i + 1, "expected close marker for an array");
        if (b[i] == ']') {
            return i + 1;
        }
        for (;;) {
            if (count == maxEvents || b[i] != '{') {
                json.token(i, 2);
                throw count == maxEvents
                        ? new BadEventListException("more than " + maxEvents + " events in one batch",
                                EventListParser.EVENTS_PER_BATCH)
                        : new BadEventListException("items[" + count + "]: expected an object");
            }
            i = json.separator(item(i), false);
            if (b[i] == ']') {
                return i + 1;
            }
            i = json.next(i + 1, "expected a value");
        }
    }

    /** The item object at {@code start}: checks it and records its span; returns the index after it. */
    private int item(int start) throws BadEventListException {
        json.open(start, 3);
        boolean auditId = false;
        boolean stage = false;
        boolean level = false;
        boolean typed = false;
        int i = json.next(start + 1, "expected close marker for an object");
        for (boolean more = b[i] != '}'; more; ) {
            int end = json.name(i);
            int field = field(i, end);
            i = json.colon(end);
            boolean string = b[i] == '"';
            i = string ? json.string(i, false) : json.value(i, 3);
            switch (field) {
                case AUDIT_ID_FIELD -> auditId = string;
                case STAGE_FIELD -> stage = string;
                case LEVEL_FIELD -> level = string;
                case TYPE_FIELD -> typed = true;
                default -> { }
            }
            i = json.separator(i, true);
            more = b[i] == ',';
            if (more) {
                i = json.next(i + 1, "was expecting double-quote to start field name");
            }
        }
        int end = i + 1;
        requireString(auditId, "auditID");
        requireString(stage, "stage");
        requireString(level, "level");
        int from = typed ? start : start + 1;
        add(from, end - from, typed ? 0 : 1);
        return end;
    }

    /** Which of the item fields this outline looks at the name from {@code quote} to before {@code end} is. */
    private int field(int quote, int end) {
        if (json.textEquals(quote, end, AUDIT_ID)) {
            return AUDIT_ID_FIELD;
        } else if (json.textEquals(quote, end, STAGE)) {
            return STAGE_FIELD;
        } else if (json.textEquals(quote, end, LEVEL)) {
            return LEVEL_FIELD;
        } else if (json.textEquals(quote, end, KIND) || json.textEquals(quote, end, API_VERSION)) {
            return TYPE_FIELD;
        }
        return OTHER_FIELD;
    }

    private void requireString(boolean present, String field) throws BadEventListException {
        if (!present) {
            throw new BadEventListException("items[" + count + "]: " + field + " missing or not a string");
        }
    }

    /** The spans of the items read, exactly as many; lets go of spans grown past the scratch space. */
    int[] copySpans() {
        int[] copy = Arrays.copyOf(spans, 3 * count);
        spans = null;
        return copy;
    }

    private void add(int from, int length, int prefixed) {
        if (3 * count == spans.length) {
            spans = Arrays.copyOf(spans, 2 * spans.length);
            if (spans.length <= MAX_SCRATCH_INTS) {
                scratch = spans;
            }
        }
        spans[3 * count] = from;
        spans[3 * count + 1] = length;
        spans[3 * count + 2] = prefixed;
        count++;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
