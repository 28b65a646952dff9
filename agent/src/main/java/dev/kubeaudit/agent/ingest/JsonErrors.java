package dev.kubeaudit.agent.ingest;

import java.nio.charset.StandardCharsets;

/**
 * The refusals of {@link JsonScanner}: "malformed JSON: …" or "JSON over a limit: …" (with the
 * {@link IngestLimits} label), each naming what was found and where ("at byte N", counted from the
 * start of the text), worded like Jackson's. Stateless.
 */
final class JsonErrors {
    private static final String A_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
    private static final int MAX_TOKEN_CHARS = 32;

    private JsonErrors() {
    }

    static BadEventListException malformed(String what, int at) {
        return new BadEventListException("malformed JSON: " + what + " at byte " + at);
    }

    static BadEventListException overLimit(String what, int at, String limit) {
        return new BadEventListException("JSON over a limit: " + what + " at byte " + at, limit);
    }

    static BadEventListException endOfInput(int at, String expecting) {
        return malformed("Unexpected end-of-input: " + expecting, at);
    }

    /** The byte at {@code b[i]} where {@code expecting} was expected; {@code from}: start of the text. */
    static BadEventListException unexpected(byte[] b, int i, int from, String expecting) {
        return malformed("Unexpected character (" + describe(b, i) + "): " + expecting, i - from);
    }

    static BadEventListException controlCharacter(byte c, int at, boolean name) {
        return malformed("Illegal unquoted character (CTRL-CHAR, code " + (c & 0xFF) + "): has to be escaped using "
                + "backslash to be included in " + (name ? "a field name" : "a string value"), at);
    }

    static BadEventListException badEscape(byte c, int at) {
        int code = c & 0xFF;
        return malformed("Unrecognized character escape " + (code >= ' ' && code < 0x7F ? "'" + (char) code + "' " : "")
                + "(code " + code + ")", at);
    }

    /** Where a value was expected, {@code b[i, to)} starts none. */
    static BadEventListException notAValue(byte[] b, int i, int to, int from) {
        if (isTokenByte(b[i])) {
            return malformed("Unrecognized token '" + token(b, i, to) + "': was expecting " + A_VALUE, i - from);
        }
        return unexpected(b, i, from, "expected a valid value " + A_VALUE);
    }

    /** After a member of an array or an object (per {@code object}), neither a comma nor its closing bracket. */
    static BadEventListException afterMember(byte[] b, int i, int from, boolean object) {
        byte c = b[i];
        if (c == (object ? ']' : '}')) {
            return malformed("Unexpected close marker '" + (char) c + "': expected '" + (object ? '}' : ']') + "'", i - from);
        }
        return unexpected(b, i, from, "was expecting comma to separate " + (object ? "Object" : "Array") + " entries");
    }

    /** Something other than whitespace at {@code b[i]} after the top-level value. */
    static BadEventListException afterText(byte[] b, int i, int to, int from) {
        byte c = b[i];
        if (c == ']' || c == '}') {
            return malformed("Unexpected close marker '" + (char) c + "': no open " + (c == ']' ? "Array" : "Object")
                    + " to close", i - from);
        }
        String word = isTokenByte(c) ? token(b, i, to) : "";
        if (c == '{' || c == '[' || c == '"' || c == '-' || c >= '0' && c <= '9'
                || word.equals("true") || word.equals("false") || word.equals("null")) {
            return new BadEventListException("unexpected content after the EventList at byte " + (i - from));
        }
        return notAValue(b, i, to, from);
    }

    private static boolean isTokenByte(byte c) {
        return c < 0 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** The run of letters, digits and non-ASCII characters at {@code b[i]}, at most a few dozen bytes. */
    private static String token(byte[] b, int i, int to) {
        int end = i;
        while (end < to && end - i < MAX_TOKEN_CHARS && isTokenByte(b[end])) {
            end++;
        }
        while (end < to && end > i && (b[end] & 0xC0) == 0x80) {
            end++;
        }
        return new String(b, i, end - i, StandardCharsets.UTF_8);
    }

    /** {@code 'c' (code N)} for the character starting at {@code b[i]}. */
    private static String describe(byte[] b, int i) {
        int c = b[i] & 0xFF;
        if (c >= 0x80) {
            int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            c = new String(b, i, Math.min(length, b.length - i), StandardCharsets.UTF_8).codePointAt(0);
        }
        return (c >= ' ' && c != 0x7F ? "'" + Character.toString(c) + "' " : "") + "(code " + c + ")";
    }
}
