package dev.kubeaudit.search.query;

import java.util.Locale;

/** A response code as {@code --code} names it: one ({@code 403}) or a class ({@code 4xx}): codes from {@code min} to {@code max}. Immutable. */
public record CodeSpec(int min, int max) {
    public static final String EXPECTED = "a status code such as 403 or a class such as 4xx";

    /** @throws IllegalArgumentException naming {@code text} and what was expected */
    public static CodeSpec parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.matches("[1-5]\\d\\d")) {
            int code = Integer.parseInt(t);
            return new CodeSpec(code, code);
        }
        if (t.matches("[1-5]xx")) {
            int base = (t.charAt(0) - '0') * 100;
            return new CodeSpec(base, base + 99);
        }
        throw new IllegalArgumentException("'" + text + "' (expected: " + EXPECTED + ")");
    }
}
