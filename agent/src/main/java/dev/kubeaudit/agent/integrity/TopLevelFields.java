package dev.kubeaudit.agent.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Finds the string value of one top-level key of a one-line JSON object without parsing the rest:
 * {@link #first} scans forward from the start, {@link #last} backward from the end (kube-apiserver
 * writes {@code auditID} near the start of an event and {@code stageTimestamp} near its end, so
 * each stops after a few hundred bytes). Both track string state (a quote is escaped when an odd
 * number of backslashes precede it) and nesting depth, so a key inside a nested object or a string
 * never matches. Returns null when the key is absent at the top level or its value is not a
 * string. Stateless; thread-safe.
 */
final class TopLevelFields {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private TopLevelFields() {
    }

    /** The value of the first top-level {@code key} (given with its quotes, e.g. {@code "\"auditID\""}). */
    static String first(byte[] b, int off, int len, byte[] quotedKey) {
        int end = off + len;
        int depth = 0;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                int close = closingQuote(b, i, end);
                if (close < 0) {
                    return null;
                }
                if (depth == 1 && matches(b, i, close, quotedKey)) {
                    int colon = skipSpace(b, close + 1, end);
                    if (colon < end && b[colon] == ':') {
                        return stringAt(b, skipSpace(b, colon + 1, end), end);
                    }
                }
                i = close;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return null;
    }

    /** The value of the last top-level {@code key}, scanning from the end of the line. */
    static String last(byte[] b, int off, int len, byte[] quotedKey) {
        int depth = 0;
        int afterValue = -1;   // start of the last string seen at depth 1 (a candidate value)
        for (int i = off + len - 1; i >= off; i--) {
            byte c = b[i];
            if (c == '"' && !escaped(b, i, off)) {
                int open = openingQuote(b, i, off);
                if (open < 0) {
                    return null;
                }
                if (depth == 1) {
                    int before = skipSpaceBack(b, open - 1, off);
                    boolean isKey = before >= off && (b[before] == ',' || b[before] == '{');
                    if (isKey && matches(b, open, i, quotedKey)) {
                        int colon = skipSpace(b, i + 1, off + len);
                        int value = colon < off + len && b[colon] == ':' ? skipSpace(b, colon + 1, off + len) : -1;
                        return value >= 0 && value == afterValue ? stringAt(b, value, off + len) : null;
                    }
                    afterValue = open;
                }
                i = open;
            } else if (c == '}' || c == ']') {
                depth++;
            } else if (c == '{' || c == '[') {
                depth--;
            }
        }
        return null;
    }

    private static int closingQuote(byte[] b, int open, int end) {
        for (int i = open + 1; i < end; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int openingQuote(byte[] b, int close, int off) {
        for (int i = close - 1; i >= off; i--) {
            if (b[i] == '"' && !escaped(b, i, off)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean escaped(byte[] b, int quote, int off) {
        int n = 0;
        for (int i = quote - 1; i >= off && b[i] == '\\'; i--) {
            n++;
        }
        return (n & 1) == 1;
    }

    private static boolean matches(byte[] b, int open, int close, byte[] quotedKey) {
        if (close - open + 1 != quotedKey.length) {
            return false;
        }
        for (int k = 0; k < quotedKey.length; k++) {
            if (b[open + k] != quotedKey[k]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static int skipSpaceBack(byte[] b, int i, int off) {
        while (i >= off && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i--;
        }
        return i;
    }

    /** The JSON string starting at {@code open}, unescaped; null when there is none. */
    private static String stringAt(byte[] b, int open, int end) {
        if (open < 0 || open >= end || b[open] != '"') {
            return null;
        }
        int close = closingQuote(b, open, end);
        if (close < 0) {
            return null;
        }
        for (int i = open + 1; i < close; i++) {
            if (b[i] == '\\') {
                return unescape(b, open, close);
            }
        }
        return new String(b, open + 1, close - open - 1, StandardCharsets.UTF_8);
    }

    private static String unescape(byte[] b, int open, int close) {
        try (JsonParser p = JSON.createParser(b, open, close - open + 1)) {
            return p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
