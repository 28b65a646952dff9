package dev.kubeaudit.agent.systemd;

import java.time.Duration;
import java.util.Map;

/** Decides the watchdog ping interval from sd_notify's environment. Stateless. */
final class Watchdog {
    private Watchdog() {
    }

    /**
     * Half of {@code WATCHDOG_USEC}, as sd_watchdog_enabled(3) advises; zero when it is unset or
     * when {@code WATCHDOG_PID} names another process.
     */
    static Duration interval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return Duration.ZERO;
        }
        String forPid = env.get("WATCHDOG_PID");
        if (forPid != null && !forPid.isEmpty() && !forPid.equals(Long.toString(pid))) {
            return Duration.ZERO;
        }
        long micros;
        try {
            micros = Long.parseLong(usec);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("WATCHDOG_USEC: '" + usec + "' (expected: microseconds, > 0)", e);
        }
        if (micros <= 0) {
            throw new IllegalArgumentException("WATCHDOG_USEC: '" + usec + "' (expected: microseconds, > 0)");
        }
        return Duration.ofNanos(micros * 1000 / 2);
    }
}
