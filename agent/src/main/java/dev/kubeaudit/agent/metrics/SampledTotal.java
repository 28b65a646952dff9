package dev.kubeaudit.agent.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * One counter's total, sampled once per slot into a ring that reaches back one span plus a slot,
 * so that its growth over any window up to the span can be told from the samples alone: the total
 * now minus the total at the window's start, interpolated between the two samples around it. A
 * sample overwrites the one a whole ring earlier, so old slots expire by themselves. When the
 * samples do not reach back to the window's start (the counter is younger than the window), the
 * growth counts from the first sample ever taken, kept apart from the ring (a clock that stands
 * still, as in tests, would otherwise overwrite it in its slot). Costs nothing per counted event: the counter is only read.
 * Thread-safe: synchronized.
 */
final class SampledTotal {
    private static final long EMPTY = Long.MIN_VALUE;

    private final DoubleSupplier total;
    private final long slotMillis;
    private final long[] at;
    private final double[] value;
    /** The first sample, kept apart: a counter younger than a window grows from it. */
    private long originAt = EMPTY;
    private double originValue;

    SampledTotal(DoubleSupplier total, Duration slot, Duration span) {
        if (slot.isNegative() || slot.isZero() || span.compareTo(slot) < 0) {
            throw new IllegalArgumentException("slot " + slot + ", span " + span + " (expected: 0 < slot <= span)");
        }
        this.total = total;
        this.slotMillis = slot.toMillis();
        int slots = Math.toIntExact(span.toMillis() / slotMillis + 2);
        this.at = new long[slots];
        this.value = new double[slots];
        Arrays.fill(at, EMPTY);
    }

    /** Records the total as of {@code nowMillis} in that time's slot. */
    synchronized void sample(long nowMillis) {
        int i = (int) Math.floorMod(Math.floorDiv(nowMillis, slotMillis), (long) at.length);
        at[i] = nowMillis;
        value[i] = total.getAsDouble();
        if (originAt == EMPTY) {
            originAt = nowMillis;
            originValue = value[i];
        }
    }

    /** How much the total grew in the {@code window} that ends at {@code nowMillis}; never negative. */
    synchronized double growth(Duration window, long nowMillis) {
        double current = total.getAsDouble();
        long start = nowMillis - window.toMillis();
        int before = -1;
        int after = -1;
        for (int i = 0; i < at.length; i++) {
            if (at[i] == EMPTY || at[i] > nowMillis) {
                continue; // empty, or taken at a time the clock has since gone back before
            }
            if (at[i] <= start && (before < 0 || at[i] > at[before])) {
                before = i;
            }
            if (at[i] >= start && (after < 0 || at[i] < at[after])) {
                after = i;
            }
        }
        double base;
        if (before >= 0 && after >= 0) {
            base = between(at[before], value[before], at[after], value[after], start);
        } else if (before >= 0) {
            base = between(at[before], value[before], nowMillis, current, start);
        } else if (originAt != EMPTY && originAt >= start && originAt <= nowMillis) {
            base = originValue;
        } else if (after >= 0) {
            base = value[after];
        } else {
            base = 0;
        }
        return Math.max(0, current - base);
    }

    /** The value at {@code t} on the line from ({@code t0}, {@code v0}) to ({@code t1}, {@code v1}). */
    private static double between(long t0, double v0, long t1, double v1, long t) {
        return t1 == t0 ? v1 : v0 + (v1 - v0) * (t - t0) / (double) (t1 - t0);
    }
}
