package dev.kubeaudit.agent.status;

import java.util.Locale;

/** Durations, byte counts and numbers as a person reads them on the status screen. Stateless. */
final class HumanUnits {
    private HumanUnits() {
    }

    /** {@code 45s}, {@code 5m 10s}, {@code 2h 03m}, {@code 3d 4h}; negative values as {@code -…}. */
    static String duration(double seconds) {
        if (seconds < 0) {
            return "-" + duration(-seconds);
        }
        long s = (long) Math.floor(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %dh", s / 86400, s % 86400 / 3600);
    }

    /** {@code 512 B}, {@code 48.2 KiB}, {@code 1.5 GiB}. */
    static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        double value = bytes;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? count(value) + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** A count: without decimals when whole. */
    static String count(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    /** A rate with one decimal. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f/s", perSecond);
    }
}
