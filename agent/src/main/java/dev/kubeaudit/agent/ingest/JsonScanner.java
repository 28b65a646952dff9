package dev.kubeaudit.agent.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Validates JSON text (RFC 8259, nothing more: no comments, single quotes, trailing commas, leading
 * zeros or plus signs, NaN) one value at a time, without building anything, and enforces the
 * nesting, number and string limits. Positions are indexes into the array; messages count bytes
 * from the start of the text. Input: text {@link JsonBytes#firstInvalidByte} accepts (valid UTF-8
 * without raw control characters other than whitespace), which this scanner does not check again.
 * Allocates nothing unless it refuses the text, decodes a string for {@link #text} or meets a
 * deeper nesting than this scanner has met before.
 * Not thread-safe: one per thread, {@link #reset} before each text.
 */
final class JsonScanner {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * ' ';
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private byte[] b;
    private int from;
    private int to;
    private int maxDepth;
    private int maxNumberDigits;
    private int maxStringBytes;
    /** Per nesting depth, a set bit for an object and a clear one for an array. */
    private long[] objects = new long[4];
    /** Whether the last string scanned holds an escape. */
    private boolean escaped;
    /** Index of the first whitespace byte outside strings met since {@link #reset}, or -1. */
    private int firstWhitespace;

    /** Scans {@code b[from, to)} from now on; {@code b == null} lets go of the last text. */
    void reset(byte[] b, int from, int to, int maxDepth, int maxNumberDigits, int maxStringBytes) {
        this.b = b;
        this.from = from;
        this.to = to;
        this.maxDepth = maxDepth;
        this.maxNumberDigits = maxNumberDigits;
        this.maxStringBytes = maxStringBytes;
        this.firstWhitespace = -1;
    }

    /**
     * Index of the first whitespace byte outside strings met since {@link #reset}, or {@code -1}:
     * once the whole text is scanned, {@link JsonBytes#firstLooseWhitespace} of it.
     */
    int firstWhitespace() {
        return firstWhitespace;
    }

    /** The first index at or after {@code i} that is not whitespace; may be the end. */
    int whitespace(int i) {
        if (firstWhitespace < 0 && i < to && JsonBytes.isWhitespace(b[i])) {
            firstWhitespace = i;
        }
        while (i < to && JsonBytes.isWhitespace(b[i])) {
            i++;
        }
        return i;
    }

    /** Like {@link #whitespace}, but the text must go on: {@code expecting} says with what. */
    int next(int i, String expecting) throws BadEventListException {
        if (i < to && b[i] > ' ') {
            return i;
        }
        i = whitespace(i);
        if (i == to) {
            throw JsonErrors.endOfInput(to - from, expecting);
        }
        return i;
    }

    /** Opens the array or object at {@code i} as nesting level {@code depth} (1 for the outermost). */
    void open(int i, int depth) throws BadEventListException {
        if (depth > maxDepth) {
            throw JsonErrors.overLimit("nesting depth (" + depth + ") exceeds the maximum allowed (" + maxDepth + ")",
                    i - from, "json_depth");
        }
    }

    /** The field name at {@code i}, which must be one; returns the index after its closing quote. */
    int name(int i) throws BadEventListException {
        if (b[i] != '"') {
            throw JsonErrors.unexpected(b, i, from, "was expecting double-quote to start field name");
        }
        return string(i, true);
    }

    /** After the name ending before {@code i}: the colon; returns the index of the value. */
    int colon(int i) throws BadEventListException {
        i = next(i, "was expecting a colon to separate field name and value");
        if (b[i] != ':') {
            throw JsonErrors.unexpected(b, i, from, "was expecting a colon to separate field name and value");
        }
        return next(i + 1, "expected a value");
    }

    /**
     * After a member of an array or object (per {@code object}) ending before {@code i}: the index
     * of the comma or closing bracket that follows it.
     */
    int separator(int i, boolean object) throws BadEventListException {
        i = next(i, object ? "expected close marker for an object" : "expected close marker for an array");
        byte c = b[i];
        if (c != ',' && c != (object ? '}' : ']')) {
            throw JsonErrors.afterMember(b, i, from, object);
        }
        return i;
    }

    /** Checks that only whitespace follows the top-level value ending before {@code i}. */
    void end(int i) throws BadEventListException {
        i = whitespace(i);
        if (i < to) {
            throw JsonErrors.afterText(b, i, to, from);
        }
    }

    /**
     * Skips the value at {@code i} (not whitespace) inside a container at nesting level {@code depth};
     * returns the index after it.
     */
    int value(int i, int depth) throws BadEventListException {
        byte c = b[i];
        if (c == '{' || c == '[') {
            return container(i, depth);
        }
        return scalar(i);
    }

    /**
     * Checks only the first token of the value at {@code i} (not whitespace), as a streaming parser
     * reads it before its caller looks at its type: the number or literal whole, a bracket's depth.
     */
    void token(int i, int depth) throws BadEventListException {
        byte c = b[i];
        if (c == '{' || c == '[') {
            open(i, depth + 1);
        } else if (c != '"') {
            scalar(i);
        }
    }

    /** Skips the array or object at {@code i}; iterative, so any depth the limit allows costs no stack. */
    private int container(int i, int depth) throws BadEventListException {
        final int outer = depth;
        boolean object = false;
        for (;;) {
            byte c = b[i];
            if (c == '{' || c == '[') {
                object = c == '{';
                open(i, ++depth);
                mark(depth, object);
                i = next(i + 1, object ? "expected close marker for an object" : "expected close marker for an array");
                if (b[i] != (object ? '}' : ']')) {
                    i = object ? colon(name(i)) : i;
                    continue;
                }
                i++;
                if (--depth == outer) {
                    return i;
                }
                object = isObject(depth);
            } else {
                i = scalar(i);
            }
            for (;;) {
                i = separator(i, object);
                if (b[i] == ',') {
                    i = next(i + 1, "expected a value");
                    i = object ? colon(name(i)) : i;
                    break;
                }
                i++;
                if (--depth == outer) {
                    return i;
                }
                object = isObject(depth);
            }
        }
    }

    private void mark(int depth, boolean object) {
        int word = depth >>> 6;
        if (word >= objects.length) {
            objects = Arrays.copyOf(objects, Math.max(word + 1, 2 * objects.length));
        }
        long bit = 1L << depth;
        objects[word] = object ? objects[word] | bit : objects[word] & ~bit;
    }

    private boolean isObject(int depth) {
        return (objects[depth >>> 6] & (1L << depth)) != 0;
    }

    /** Skips the string, number or literal at {@code i}; anything else is not a value. */
    private int scalar(int i) throws BadEventListException {
        byte c = b[i];
        if (c == '"') {
            return string(i, false);
        }
        if (c == '-' || c >= '0' && c <= '9') {
            return JsonNumbers.skip(b, i, to, from, maxNumberDigits);
        }
        byte[] literal = c == 't' ? TRUE : c == 'f' ? FALSE : c == 'n' ? NULL : null;
        if (literal == null || to - i < literal.length || !Arrays.equals(b, i, i + literal.length, literal, 0, literal.length)) {
            throw JsonErrors.notAValue(b, i, to, from);
        }
        return i + literal.length;
    }

    /**
     * Skips the string at {@code i} (its opening quote), checking its escapes and its length in bytes
     * as written; returns the index after its closing quote. Sixteen bytes (two words) at a time
     * until a quote, a backslash or a control character.
     */
    int string(int i, boolean name) throws BadEventListException {
        byte[] b = this.b;
        int to = this.to;
        int j = i + 1;
        boolean escapes = false;
        for (;;) {
            while (j + 16 <= to) {
                long special = special((long) LONGS.get(b, j));
                if (special != 0) {
                    j += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                special = special((long) LONGS.get(b, j + 8));
                if (special != 0) {
                    j += 8 + (Long.numberOfTrailingZeros(special) >>> 3);
                    break;
                }
                j += 16;
            }
            if (j + 16 > to) {
                j = specialFrom(j);
            }
            if (j >= to) {
                throw JsonErrors.endOfInput(to - from, name ? "in a field name" : "in a string value");
            }
            byte c = b[j];
            if (c == '"') {
                break;
            } else if (c == '\\') {
                escapes = true;
                j = name ? JsonStrings.checkNameEscape(b, j, to, from) : JsonStrings.checkEscape(b, j, to, from);
            } else if ((c & 0xFF) < ' ') {
                throw JsonErrors.controlCharacter(c, j - from, name);
            } else {
                j++;
            }
        }
        int length = j - i - 1;
        if (length > maxStringBytes) {
            throw JsonErrors.overLimit((name ? "name" : "string") + " length (" + length
                    + " bytes) exceeds the maximum allowed (" + maxStringBytes + ")", i - from, "json_string");
        }
        escaped = escapes;
        return j + 1;
    }

    /**
     * High bit set in each byte of {@code v} that is a quote, a backslash or below 0x20; the lowest
     * flagged byte is exact (only bytes above a true match may be false positives).
     */
    private static long special(long v) {
        long quotes = v ^ QUOTES;
        long backslashes = v ^ BACKSLASHES;
        return ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes | (v - SPACES) & ~v) & HIGH_BITS;
    }

    /** The first index at or after {@code j} of a quote, a backslash or a byte below 0x20; may be the end. */
    private int specialFrom(int j) {
        while (j < to) {
            byte c = b[j];
            if (c == '"' || c == '\\' || (c & 0xFF) < ' ') {
                return j;
            }
            j++;
        }
        return j;
    }

    /**
     * Whether the string from the quote at {@code quote} to the one before {@code end}, just scanned
     * by {@link #string}, reads {@code ascii} once its escapes are decoded.
     */
    boolean textEquals(int quote, int end, byte[] ascii) {
        if (escaped) {
            return JsonStrings.decodedEquals(b, quote + 1, end - 1, ascii);
        }
        if (end - quote - 2 != ascii.length) {
            return false;
        }
        for (int k = 0; k < ascii.length; k++) {
            if (b[quote + 1 + k] != ascii[k]) {
                return false;
            }
        }
        return true;
    }

    /** The string from the quote at {@code quote} to the one before {@code end}, decoded. Allocates. */
    String text(int quote, int end) {
        return JsonStrings.decode(b, quote + 1, end - 1);
    }
}
