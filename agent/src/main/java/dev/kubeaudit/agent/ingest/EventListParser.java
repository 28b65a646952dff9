package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.integrity.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Turns a webhook request body (an {@code audit.k8s.io/v1} or {@code v1beta1} EventList, possibly
 * followed by whitespace) into a {@link Batch} of audit.log lines, all or nothing. Each item is kept
 * as the bytes received, only compacted, and prefixed with kind and apiVersion when it carries
 * neither, as kube-apiserver's log backend writes it. Fields of the EventList may come in any
 * order, so item byte ranges are recorded first and the lines built once the apiVersion is known.
 * Thread-safe: holds only limits; the scanner and scratch space of a parse are per thread.
 */
public final class EventListParser {
    public static final String V1 = "audit.k8s.io/v1";
    public static final String V1BETA1 = "audit.k8s.io/v1beta1";
    /** Deepest JSON nesting accepted by default; deeper bodies are refused. */
    public static final int MAX_NESTING_DEPTH = 1000;
    /** The {@link IngestLimits} label of a batch with too many events. */
    public static final String EVENTS_PER_BATCH = "events_per_batch";
    /** The apiVersions an EventList may carry; {@link #V1} when it names none. */
    public static final List<String> API_VERSIONS = List.of(V1, V1BETA1);
    /** Bytes of the body digest ({@link Batch#digest()}, SHA-256). */
    public static final int DIGEST_BYTES = 32;
    /** The shortest item accepted: the three required string fields, empty. */
    static final String SMALLEST_ITEM = "{\"auditID\":\"\",\"stage\":\"\",\"level\":\"\"}";

    private static final byte[] V1_PREFIX = prefix(V1);
    private static final byte[] V1BETA1_PREFIX = prefix(V1BETA1);
    private static final int MAX_QUOTED_CHARS = 64;
    /** Per event-loop thread: the outline with its item spans (a batch keeps an exact-size copy) and the digest. */
    private static final ThreadLocal<EventListOutline> OUTLINES = ThreadLocal.withInitial(EventListOutline::new);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digests::sha256);

    private final IngestLimits limits;
    private final long maxDocumentLength;

    /** With the default limits and no document length limit beyond the array's. */
    public EventListParser() {
        this(IngestLimits.DEFAULTS, IngestSettings.MAX_REQUEST_BYTES_LIMIT);
    }

    /** With the limits of {@code settings}; the JSON document may be up to maxRequestBytes long. */
    public EventListParser(IngestSettings settings) {
        this(settings.limits(), settings.maxRequestBytes());
    }

    private EventListParser(IngestLimits limits, long maxDocumentLength) {
        this.limits = limits;
        this.maxDocumentLength = maxDocumentLength;
    }

    /**
     * Parses {@code body[off, off + len)}; the message of the exception is fit for a 400 answer.
     * The batch refers to {@code body} (no copy when the items are compact, as kube-apiserver sends
     * them), so the caller must not change it afterwards.
     */
    public Batch parse(byte[] body, int off, int len) throws BadEventListException {
        Objects.checkFromIndexSize(off, len, body.length);
        return parse(body, off, len, sha256(body, off, len));
    }

    /**
     * As {@link #parse(byte[], int, int)}, with the body's SHA-256 already computed (as the body
     * arrived): {@code digest} must be the {@link #DIGEST_BYTES}-byte SHA-256 of exactly
     * {@code body[off, off + len)}.
     */
    public Batch parse(byte[] body, int off, int len, byte[] digest) throws BadEventListException {
        Objects.checkFromIndexSize(off, len, body.length);
        if (digest.length != DIGEST_BYTES) {
            throw new IllegalArgumentException("digest: " + digest.length + " bytes (expected: " + DIGEST_BYTES + ")");
        }
        checkText(body, off, off + len);
        EventListOutline outline = outline(body, off, len); // the scanner refuses any string over the limit
        String apiVersion = outline.apiVersion == null ? V1 : outline.apiVersion;
        byte[] prefix = V1.equals(apiVersion) ? V1_PREFIX : V1BETA1_PREFIX;
        int count = outline.count;
        int[] spans = outline.copySpans();
        int loose = outline.firstWhitespace;
        boolean compact = true;
        for (int i = 0; i < count; i++) {
            int from = spans[3 * i];
            int end = from + spans[3 * i + 1];
            if (loose >= 0 && end > loose && JsonBytes.compactLength(body, from, end) != end - from) {
                compact = false;
                break;
            }
        }
        return Batch.over(apiVersion, compact ? body : compacted(body, spans, count), prefix, spans, count, digest);
    }

    /** The items without their loose whitespace, one after the other; rewrites {@code spans} to match. */
    private static byte[] compacted(byte[] body, int[] spans, int count) {
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += JsonBytes.compactLength(body, spans[3 * i], spans[3 * i] + spans[3 * i + 1]);
        }
        byte[] data = new byte[total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int from = spans[3 * i];
            int end = from + spans[3 * i + 1];
            int size = JsonBytes.compactInto(body, from, end, data, at);
            spans[3 * i] = at;
            spans[3 * i + 1] = size;
            at += size;
        }
        return data;
    }

    /** Rejects invalid UTF-8, raw control characters and anything but an object at the top. */
    private static void checkText(byte[] body, int from, int to) throws BadEventListException {
        int bad = JsonBytes.firstInvalidByte(body, from, to);
        if (bad >= 0) {
            int c = body[bad] & 0xFF;
            throw new BadEventListException(c < 0x20
                    ? String.format("control character 0x%02x at byte %d", c, bad - from)
                    : "invalid UTF-8 at byte " + (bad - from));
        }
        int first = from;
        while (first < to && JsonBytes.isWhitespace(body[first])) {
            first++;
        }
        if (first == to) {
            throw new BadEventListException("empty body: expected an EventList object");
        }
        if (body[first] != '{') {
            throw new BadEventListException("expected an EventList object");
        }
    }

    private EventListOutline outline(byte[] body, int off, int len) throws BadEventListException {
        if (len > maxDocumentLength) {
            throw new BadEventListException("JSON over a limit: document length (" + len
                    + ") exceeds the maximum allowed (" + maxDocumentLength + ")", "json_document");
        }
        EventListOutline outline = OUTLINES.get();
        outline.read(body, off, len, limits);
        if (outline.spans == null) {
            throw new BadEventListException("items: expected an array");
        }
        if (outline.kind != null && !outline.kind.equals("EventList")) {
            throw new BadEventListException("kind: " + quoted(outline.kind) + " (expected: EventList)");
        }
        String v = outline.apiVersion == null ? V1 : outline.apiVersion;
        if (!v.equals(V1) && !v.equals(V1BETA1)) {
            throw new BadEventListException("apiVersion: " + quoted(v) + " (expected: " + V1 + " or " + V1BETA1 + ")");
        }
        return outline;
    }

    /**
     * The most events a body of {@code bodyBytes} under {@code apiVersion} can carry, at most
     * {@code maxEvents}: around them the shortest EventList ({@code {"items":[]}}, with the
     * apiVersion field unless it is v1), each at least {@link #SMALLEST_ITEM}, a comma between two.
     */
    public static long mostEvents(long bodyBytes, int maxEvents, String apiVersion) {
        long room = bodyBytes - shortestEventList(apiVersion).length() + 1;
        return Math.max(0, Math.min(maxEvents, room / (SMALLEST_ITEM.length() + 1)));
    }

    /**
     * The most line bytes ({@link Batch#itemBytes()}) {@code events} events parsed from a body of
     * {@code bodyBytes} under {@code apiVersion} can make: every body byte but the shortest EventList,
     * the commas and each item's opening brace, plus each event's kind/apiVersion prefix (compaction
     * only removes bytes, and an item that carries kind or apiVersion gets no prefix).
     */
    public static long mostLineBytes(long bodyBytes, long events, String apiVersion) {
        if (events == 0) {
            return 0;
        }
        long content = bodyBytes - shortestEventList(apiVersion).length() - (events - 1) - events;
        return content + events * prefix(apiVersion).length;
    }

    private static String shortestEventList(String apiVersion) {
        return V1.equals(apiVersion) ? "{\"items\":[]}" : "{\"apiVersion\":\"" + apiVersion + "\",\"items\":[]}";
    }

    private static byte[] prefix(String apiVersion) {
        return ("{\"kind\":\"Event\",\"apiVersion\":\"" + apiVersion + "\",").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] body, int off, int len) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(body, off, len);
        return digest.digest();
    }

    static String quoted(String value) {
        String shown = value.length() > MAX_QUOTED_CHARS ? value.substring(0, MAX_QUOTED_CHARS) + "…" : value;
        return '"' + shown + '"';
    }
}
