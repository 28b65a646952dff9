package dev.kubeaudit.agent.verify;

import java.time.Duration;

/** Durations as people read them in reports: {@code 3d4h}, {@code 12m5s}, {@code 0s}. Stateless. */
final class Durations {
    private Durations() {
    }

    static String text(Duration d) {
        if (d.isNegative()) {
            return "-" + text(d.negated());
        }
        long s = d.getSeconds();
        StringBuilder b = new StringBuilder();
        append(b, s / 86_400, "d");
        append(b, s / 3600 % 24, "h");
        append(b, s / 60 % 60, "m");
        if (s % 60 != 0 || b.length() == 0) {
            b.append(s % 60).append('s');
        }
        return b.toString();
    }

    private static void append(StringBuilder b, long n, String unit) {
        if (n > 0) {
            b.append(n).append(unit);
        }
    }
}
