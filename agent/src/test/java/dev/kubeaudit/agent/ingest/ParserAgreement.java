package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.event.Batch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Parses bodies with {@link EventListParser} and with {@link JacksonEventListReference} under the
 * same limits and fails (AssertionError) unless they agree: both refuse, or both accept with the same
 * apiVersion, item count, spans and lines, and a batch that refers to the body exactly when every
 * item is compact (the scanner finding the same first loose whitespace as {@link JsonBytes}). Refusals agree on the limit label too, except that the
 * scanner refuses a string over the limit where it passes it, while Jackson checks unread strings
 * only after the whole body (so a later fault may be named first): then the scanner's label is
 * {@code json_string}. Not thread-safe.
 */
final class ParserAgreement {
    /** How both answered: accepted, or refused with this label (null for no limit). */
    record Result(boolean accepted, String limit, String message, String referenceLimit) {
        boolean labelsDiffer() {
            return !accepted && !Objects.equals(limit, referenceLimit);
        }
    }

    private final EventListParser parser;
    private final JacksonEventListReference reference;
    private final IngestLimits limits;
    private final EventListOutline outline = new EventListOutline();

    ParserAgreement(IngestLimits limits) {
        long maxRequest = IngestSettings.MAX_REQUEST_BYTES_LIMIT;
        this.parser = new EventListParser(new IngestSettings("127.0.0.1", 0, "/", maxRequest, maxRequest, limits));
        this.reference = new JacksonEventListReference(limits, maxRequest);
        this.limits = limits;
    }

    Result check(String what, byte[] body) {
        return check(what, body, 0, body.length);
    }

    Result check(String what, byte[] array, int off, int len) {
        byte[] before = array.clone();
        Batch batch = null;
        BadEventListException mine = null;
        try {
            batch = parser.parse(array, off, len);
        } catch (BadEventListException e) {
            mine = e;
        }
        JacksonEventListReference.Outline outline = null;
        BadEventListException theirs = null;
        try {
            outline = reference.parse(array, off, len);
        } catch (BadEventListException e) {
            theirs = e;
        }
        if (!Arrays.equals(array, before)) {
            throw new AssertionError(what + ": the body was changed");
        }
        if ((mine == null) != (theirs == null)) {
            throw new AssertionError(what + ": scanner " + (mine == null ? "accepted" : "refused (" + mine.getMessage() + ")")
                    + ", Jackson " + (theirs == null ? "accepted" : "refused (" + theirs.getMessage() + ")")
                    + "\nbody: " + excerpt(array, off, len, mine == null ? theirs : mine));
        }
        if (mine != null) {
            if (!Objects.equals(mine.limit(), theirs.limit()) && !"json_string".equals(mine.limit())) {
                throw new AssertionError(what + ": scanner refused with limit " + mine.limit() + " (" + mine.getMessage()
                        + "), Jackson with " + theirs.limit() + " (" + theirs.getMessage() + ")");
            }
            return new Result(false, mine.limit(), mine.getMessage(), theirs.limit());
        }
        sameBatch(what, array, batch, outline);
        sameWhitespace(what, array, off, len);
        return new Result(true, null, null, null);
    }

    private static void sameBatch(String what, byte[] body, Batch batch, JacksonEventListReference.Outline outline) {
        String apiVersion = outline.apiVersion() == null ? EventListParser.V1 : outline.apiVersion();
        if (!batch.apiVersion().equals(apiVersion) || batch.size() != outline.count()) {
            throw new AssertionError(what + ": scanner " + batch.apiVersion() + " x" + batch.size()
                    + ", Jackson " + apiVersion + " x" + outline.count());
        }
        byte[] prefix = ("{\"kind\":\"Event\",\"apiVersion\":\"" + apiVersion + "\",").getBytes(StandardCharsets.UTF_8);
        int[] spans = outline.spans();
        boolean compact = true;
        for (int i = 0; i < outline.count(); i++) {
            int from = spans[3 * i];
            int end = from + spans[3 * i + 1];
            boolean prefixed = spans[3 * i + 2] == 1;
            byte[] content = new byte[JsonBytes.compactLength(body, from, end)];
            JsonBytes.compactInto(body, from, end, content, 0);
            byte[] line = prefixed ? concat(prefix, content) : content;
            compact &= content.length == end - from;
            if (!Arrays.equals(batch.item(i), line) || (batch.prefix(i).length > 0) != prefixed) {
                throw new AssertionError(what + ": item " + i + " differs:\nscanner " + utf8(batch.item(i))
                        + "\nJackson " + utf8(line));
            }
            if (batch.data() == body && (batch.start(i) != from || batch.contentLength(i) != end - from)) {
                throw new AssertionError(what + ": item " + i + " span " + batch.start(i) + "+" + batch.contentLength(i)
                        + ", Jackson " + from + "+" + (end - from));
            }
        }
        if ((batch.data() == body) != compact) {
            throw new AssertionError(what + ": the batch " + (compact ? "copied compact items" : "kept loose items uncopied"));
        }
    }

    /** The scanner's first whitespace outside strings is the one a byte-by-byte search finds. */
    private void sameWhitespace(String what, byte[] array, int off, int len) {
        try {
            outline.read(array, off, len, limits);
        } catch (BadEventListException e) {
            throw new AssertionError(what + ": accepted, then refused: " + e.getMessage(), e);
        }
        int expected = JsonBytes.firstLooseWhitespace(array, off, off + len);
        if (outline.firstWhitespace != expected) {
            throw new AssertionError(what + ": first whitespace at " + outline.firstWhitespace + ", expected " + expected);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Up to 200 bytes of the body around the byte a message names ("at byte N"), else its start. */
    private static String excerpt(byte[] array, int off, int len, BadEventListException e) {
        int at = 0;
        String m = e.getMessage();
        int k = m.lastIndexOf("at byte ");
        if (k >= 0) {
            try {
                at = Integer.parseInt(m.substring(k + 8).replaceAll("[^0-9].*", ""));
            } catch (NumberFormatException ignored) {
                at = 0;
            }
        }
        int from = Math.max(0, Math.min(at - 100, len - 200));
        int to = Math.min(len, from + 200);
        return "[" + from + ".." + to + " of " + len + "] " + new String(array, off + from, to - from, StandardCharsets.UTF_8);
    }
}
