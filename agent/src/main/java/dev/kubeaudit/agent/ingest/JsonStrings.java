package dev.kubeaudit.agent.ingest;

import java.nio.charset.StandardCharsets;

/**
 * The content of JSON strings as written, between their quotes: checks escapes for
 * {@link JsonScanner}, and once checked compares it with an ASCII text or decodes it. Stateless.
 */
final class JsonStrings {
    private JsonStrings() {
    }

    /** Checks the escape at {@code b[j]} (its backslash) in the text {@code b[from, to)}; returns the index after it. */
    static int checkEscape(byte[] b, int j, int to, int from) throws BadEventListException {
        if (j + 1 >= to) {
            throw JsonErrors.endOfInput(to - from, "in a character escape sequence");
        }
        byte c = b[j + 1];
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return j + 2;
            }
            case 'u' -> {
                for (int k = j + 2; k < j + 6; k++) {
                    if (k >= to) {
                        throw JsonErrors.endOfInput(to - from, "in a character escape sequence");
                    }
                    if (hex(b[k]) < 0) {
                        throw JsonErrors.unexpected(b, k, from, "expected a hex-digit for character escape sequence");
                    }
                }
                return j + 6;
            }
            default -> throw JsonErrors.badEscape(c, j - from);
        }
    }


    /**
     * Checks the escape at {@code b[j]} in a field name, where (as Jackson decodes names) an escaped
     * surrogate must be a high one escaped right before a low one; returns the index after it.
     */
    static int checkNameEscape(byte[] b, int j, int to, int from) throws BadEventListException {
        int next = checkEscape(b, j, to, from);
        char unit = b[j + 1] == 'u' ? codeUnit(b, j) : 0;
        if (Character.isLowSurrogate(unit)) {
            throw JsonErrors.malformed(String.format("Unexpected low surrogate in field name: 0x%04x", (int) unit), j - from);
        }
        if (!Character.isHighSurrogate(unit)) {
            return next;
        }
        if (next >= to) {
            throw JsonErrors.endOfInput(to - from, "in a field name");
        }
        if (b[next] != '\\') {
            throw JsonErrors.malformed("Broken surrogate pair in field name: expected '\\' to start low surrogate", next - from);
        }
        int after = checkEscape(b, next, to, from);
        char low = codeUnit(b, next);
        if (!Character.isLowSurrogate(low)) {
            throw JsonErrors.malformed(String.format("Broken surrogate pair in field name: expected low surrogate, got 0x%04X",
                    (int) low), next - from);
        }
        return after;
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
