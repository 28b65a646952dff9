package dev.kubeaudit.shipper.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with full jitter between {@code min} and {@code max}: after the n-th
 * consecutive failure the wait is drawn uniformly from [min, min(max, min × 2^(n-1))]. A permanent
 * error (bad credentials, missing bucket) waits at the slow pace, uniformly in [max(min, max/2), max], so it
 * is retried forever but never spins. Pure (the random draw is passed in); thread-safe (immutable).
 */
public record Backoff(Duration min, Duration max) {

    public Backoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero()) {
            throw new IllegalArgumentException("min: " + min + " (expected: > 0)");
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= min " + min + ")");
        }
    }

    /** The wait after {@code failures} (>= 1) consecutive failures; {@code random} in [0, 1). */
    public Duration delay(int failures, double random) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
        }
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        int doublings = Math.min(failures - 1, 62);
        long ceiling = minNanos > maxNanos >> doublings ? maxNanos : minNanos << doublings;
        return Duration.ofNanos(minNanos + (long) (random * (Math.min(ceiling, maxNanos) - minNanos)));
    }

    /** The wait after a permanent error; {@code random} in [0, 1). */
    public Duration slowPace(double random) {
        long maxNanos = max.toNanos();
        long lower = Math.max(min.toNanos(), maxNanos / 2);
        return Duration.ofNanos(lower + (long) (random * (maxNanos - lower)));
    }
}
