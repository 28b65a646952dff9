package dev.kubeaudit.agent.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to verify and how: the trusted keys, the nodes ({@code cluster/node}; empty: every node
 * found), which segments' bytes to read by segment time ({@code from} inclusive, {@code to}
 * exclusive, null: open; the chain is walked whole regardless), the largest allowed checkpoint
 * age, how far a checkpoint may lie in the future, {@code deep} (decompress and recount each
 * segment), how many objects to read at once, and the Object Lock to expect (null: none audited).
 * Immutable.
 */
public record VerifyOptions(List<TrustedKey> keys, List<String> nodes, Instant from, Instant to, Duration maxStaleness,
                            Duration maxClockSkew, boolean deep, int parallel, ExpectedRetention expectedRetention) {
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public VerifyOptions {
        keys = List.copyOf(keys);
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: none (expected: at least one public key)");
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel: " + parallel + " (expected: >= 1)");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + ", to " + to + " (expected: from before to)");
        }
    }

    /** Every node, every segment, default staleness and skew, not deep, one reader per core, no retention audit. */
    public static VerifyOptions of(List<TrustedKey> keys) {
        return new VerifyOptions(keys, List.of(), null, null, DEFAULT_MAX_STALENESS, DEFAULT_MAX_CLOCK_SKEW, false,
                Runtime.getRuntime().availableProcessors(), null);
    }

    public VerifyOptions withNodes(List<String> only) {
        return new VerifyOptions(keys, only, from, to, maxStaleness, maxClockSkew, deep, parallel, expectedRetention);
    }

    public VerifyOptions withWindow(Instant start, Instant end) {
        return new VerifyOptions(keys, nodes, start, end, maxStaleness, maxClockSkew, deep, parallel, expectedRetention);
    }

    public VerifyOptions withMaxStaleness(Duration d) {
        return new VerifyOptions(keys, nodes, from, to, d, maxClockSkew, deep, parallel, expectedRetention);
    }

    public VerifyOptions withDeep(boolean d) {
        return new VerifyOptions(keys, nodes, from, to, maxStaleness, maxClockSkew, d, parallel, expectedRetention);
    }

    public VerifyOptions withParallel(int n) {
        return new VerifyOptions(keys, nodes, from, to, maxStaleness, maxClockSkew, deep, n, expectedRetention);
    }

    public VerifyOptions withExpectedRetention(ExpectedRetention r) {
        return new VerifyOptions(keys, nodes, from, to, maxStaleness, maxClockSkew, deep, parallel, r);
    }

    /** True when a segment of time {@code t} is in the window whose bytes are read. */
    public boolean inWindow(Instant t) {
        return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }
}
