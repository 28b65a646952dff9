package dev.kubeaudit.agent.ingest;

/**
 * Checks JSON numbers as written: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, so no
 * plus sign, leading zero, bare or trailing decimal point, NaN or Infinity, and at most a limit's
 * count of digits (integer, fraction and exponent together, as Jackson counts them). Stateless.
 */
final class JsonNumbers {
    private JsonNumbers() {
    }

    /**
     * Skips the number at {@code b[i]} (a minus sign or a digit) in the text {@code b[from, to)};
     * returns the index after it.
     */
    static int skip(byte[] b, int i, int to, int from, int maxDigits) throws BadEventListException {
        int start = i;
        int marks = 0;
        if (b[i] == '-') {
            i++;
            marks++;
        }
        if (i < to && b[i] == '0') {
            i++;
            if (i < to && isDigit(b[i])) {
                throw JsonErrors.malformed("Invalid numeric value: Leading zeroes not allowed", i - from);
            }
        } else {
            i = digits(b, i, to, from, "expected digit (0-9) to follow minus sign");
        }
        if (i < to && b[i] == '.') {
            marks++;
            i = digits(b, i + 1, to, from, "Decimal point not followed by a digit");
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            marks++;
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                marks++;
                i++;
            }
            i = digits(b, i, to, from, "Exponent indicator not followed by a digit");
        }
        int digits = i - start - marks;
        if (digits > maxDigits) {
            throw JsonErrors.overLimit("number length (" + digits + " digits) exceeds the maximum allowed ("
                    + maxDigits + ")", start - from, "json_number");
        }
        return i;
    }

    /** One or more digits at {@code b[i]}; returns the index after them. */
    private static int digits(byte[] b, int i, int to, int from, String otherwise) throws BadEventListException {
        if (i >= to) {
            throw JsonErrors.endOfInput(to - from, "in a number: " + otherwise);
        }
        if (!isDigit(b[i])) {
            throw JsonErrors.unexpected(b, i, from, "in a number: " + otherwise);
        }
        do {
            i++;
        } while (i < to && isDigit(b[i]));
        return i;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
