package dev.kubeaudit.forward;

import java.time.Duration;

/**
 * How long a forwarder waits before sending a batch again: {@code min} doubled per failed attempt
 * up to {@code max}; a failure that is not retriable (a record too large, a refused credential)
 * waits {@code max} at once, since only a change outside the agent (or a skip-ahead) ends it.
 * Pure; immutable.
 */
record Backoff(Duration min, Duration max) {
    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    Backoff {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff: " + min + ".." + max + " (expected: 0 < min <= max)");
        }
    }

    /** The wait after failed attempt {@code attempt} (0 for the first failure). */
    Duration after(int attempt, boolean retriable) {
        if (!retriable) {
            return max;
        }
        long millis = min.toMillis() << Math.min(attempt, 20);
        return millis >= max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
