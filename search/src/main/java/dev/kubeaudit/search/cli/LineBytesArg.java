package dev.kubeaudit.search.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A byte count as {@code --max-line-bytes} takes it: {@code 68157440}, or mebibytes as {@code 65Mi}. Stateless. */
final class LineBytesArg {
    private static final Pattern BYTES = Pattern.compile("(\\d{1,12})(Mi)?");

    private LineBytesArg() {
    }

    /** @throws IllegalArgumentException naming {@code text} and what was expected */
    static long parse(String text) {
        Matcher m = BYTES.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("'" + text + "' (expected: bytes > 0 such as 68157440 or 65Mi)");
        }
        return Long.parseLong(m.group(1)) << (m.group(2) == null ? 0 : 20);
    }
}
