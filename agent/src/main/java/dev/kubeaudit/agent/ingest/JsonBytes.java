package dev.kubeaudit.agent.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte-level operations on JSON text as received: UTF-8 validation and whitespace removal that
 * leaves every byte inside strings (escapes included) exactly as it was. Stateless, thread-safe.
 */
final class JsonBytes {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long ONES = 0x0101010101010101L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long BELOW_SPACE_OR_SPACE = ONES * 0x21;

    private JsonBytes() {
    }

    /**
     * Index of the first byte that makes {@code b[from, to)} invalid as JSON text in UTF-8: a
     * malformed, overlong or surrogate UTF-8 sequence, or a raw control character other than tab,
     * line feed and carriage return (JSON allows those nowhere). {@code -1} when all is valid.
     */
    static int firstInvalidByte(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (i + 8 <= to && isPrintableAscii((long) LONGS.get(b, i))) {
                i += 8;
                continue;
            }
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x80 || c == '\n' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            int n = sequenceLength(b, i, to);
            if (n <= 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /** True when every one of the eight bytes is in 0x20..0x7F. */
    private static boolean isPrintableAscii(long v) {
        return ((v | ((v - SPACES) & ~v)) & HIGH_BITS) == 0;
    }

    /** Length of the valid multi-byte UTF-8 sequence starting at {@code i}, or 0 when invalid. */
    private static int sequenceLength(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        if (c >= 0xC2 && c <= 0xDF) {
            return continuation(b, i + 1, to, 0x80, 0xBF) ? 2 : 0;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            int lo = c == 0xE0 ? 0xA0 : 0x80;
            int hi = c == 0xED ? 0x9F : 0xBF;
            return continuation(b, i + 1, to, lo, hi) && continuation(b, i + 2, to, 0x80, 0xBF) ? 3 : 0;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            int lo = c == 0xF0 ? 0x90 : 0x80;
            int hi = c == 0xF4 ? 0x8F : 0xBF;
            return continuation(b, i + 1, to, lo, hi) && continuation(b, i + 2, to, 0x80, 0xBF)
                    && continuation(b, i + 3, to, 0x80, 0xBF) ? 4 : 0;
        }
        return 0;
    }

    private static boolean continuation(byte[] b, int i, int to, int lo, int hi) {
        if (i >= to) {
            return false;
        }
        int c = b[i] & 0xFF;
        return c >= lo && c <= hi;
    }

    /**
     * Index of the first whitespace byte outside strings in {@code b[from, to)}, or {@code -1}
     * when there is none (compact JSON, as encoders write it). Eight bytes at a time: a word
     * without a quote, a backslash or (outside strings) a byte up to 0x20 is skipped whole.
     * Input: valid JSON text starting outside a string. Not on the request path: the reference for
     * {@link JsonScanner#firstWhitespace} in its tests.
     */
    static int firstLooseWhitespace(byte[] b, int from, int to) {
        boolean inString = false;
        int i = from;
        while (i < to) {
            if (i + 8 <= to) {
                long v = (long) LONGS.get(b, i);
                long special = zeroBytes(v ^ QUOTES) | zeroBytes(v ^ BACKSLASHES)
                        | (inString ? 0 : (v - BELOW_SPACE_OR_SPACE) & ~v & HIGH_BITS);
                if (special == 0) {
                    i += 8;
                    continue;
                }
                // The lowest flagged byte is exact (only bytes above a true match may be false positives).
                i += Long.numberOfTrailingZeros(special) >>> 3;
            }
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (isWhitespace(c)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** High bit set in each byte of {@code v} that is zero (exact for the lowest such byte). */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGH_BITS;
    }

    /** Length of {@code b[from, to)} once whitespace outside strings is removed. Input: valid JSON. */
    static int compactLength(byte[] b, int from, int to) {
        int n = 0;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (inString) {
                n++;
                if (c == '\\') {
                    i++;
                    n++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (!isWhitespace(c)) {
                n++;
                inString = c == '"';
            }
        }
        return n;
    }

    /**
     * Copies {@code b[from, to)} into {@code out} at {@code at} without the whitespace outside
     * strings; {@code out} must have room for {@link #compactLength} bytes. Returns the bytes
     * written. Input: valid JSON.
     */
    static int compactInto(byte[] b, int from, int to, byte[] out, int at) {
        int o = at;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (inString) {
                out[o++] = c;
                if (c == '\\') {
                    out[o++] = b[++i];
                } else if (c == '"') {
                    inString = false;
                }
            } else if (!isWhitespace(c)) {
                out[o++] = c;
                inString = c == '"';
            }
        }
        return o - at;
    }

    /**
     * Bytes (as written, escapes included) of the longest string in {@code b[from, to)}. Input: valid
     * JSON. Not on the request path (the scanner enforces the string limit as it goes): the
     * independent reference the scanner's tests compare it with, as is {@link #firstLooseWhitespace}.
     */
    static int longestString(byte[] b, int from, int to) {
        int longest = 0;
        int start = -1;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (start >= 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    longest = Math.max(longest, i - start);
                    start = -1;
                }
            } else if (c == '"') {
                start = i + 1;
            }
        }
        return longest;
    }

    static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
