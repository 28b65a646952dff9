package dev.kubeaudit.agent.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Reads the content of a JSON string as written (between its quotes, escapes already checked by
 * {@link JsonScanner}): compares it with an ASCII text or decodes it. Stateless.
 */
final class JsonStrings {
    private JsonStrings() {
    }

    /** Whether {@code b[from, until)} decodes to exactly the characters of {@code ascii}. */
    static boolean decodedEquals(byte[] b, int from, int until, byte[] ascii) {
        int k = 0;
        int i = from;
        while (i < until) {
            int c = b[i];
            if (c == '\\') {
                c = codeUnit(b, i);
                i += escapeLength(b, i);
            } else {
                i++;
            }
            if (k == ascii.length || c != ascii[k++]) {
                return false;
            }
        }
        return k == ascii.length;
    }

    /** {@code b[from, until)} decoded; a lone surrogate escape stays a lone surrogate, as in Jackson. */
    static String decode(byte[] b, int from, int until) {
        StringBuilder sb = new StringBuilder(until - from);
        int run = from;
        int i = from;
        while (i < until) {
            if (b[i] == '\\') {
                sb.append(new String(b, run, i - run, StandardCharsets.UTF_8)).append(codeUnit(b, i));
                i += escapeLength(b, i);
                run = i;
            } else {
                i++;
            }
        }
        return sb.append(new String(b, run, until - run, StandardCharsets.UTF_8)).toString();
    }

    private static int escapeLength(byte[] b, int i) {
        return b[i + 1] == 'u' ? 6 : 2;
    }

    /** The UTF-16 code unit of the checked escape at {@code b[i]} (its backslash). */
    static char codeUnit(byte[] b, int i) {
        return (char) switch (b[i + 1]) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4 | hex(b[i + 5]);
            default -> b[i + 1];
        };
    }

    /** The value of a hex digit; {@code -1} for any other byte. */
    static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
