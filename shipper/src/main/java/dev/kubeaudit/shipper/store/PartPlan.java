package dev.kubeaudit.shipper.store;

/**
 * How a segment above the multipart threshold is cut into parts: 64 MiB parts (no larger than the
 * threshold, no smaller than S3's 5 MiB minimum, and large enough to stay within 10,000 parts);
 * the last part takes the rest. Deterministic, so a confirmation can recompute the composite
 * checksum or multipart ETag of an object this shipper uploaded. Pure; thread-safe (immutable).
 */
public record PartPlan(long size, long partSize) {
    static final long MIN_PART = 5L << 20;
    static final long PREFERRED_PART = 64L << 20;
    static final int MAX_PARTS = 10_000;

    public PartPlan {
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
        if (partSize < MIN_PART) {
            throw new IllegalArgumentException("partSize: " + partSize + " (expected: >= " + MIN_PART + ")");
        }
    }

    /** The plan for a segment of {@code size} bytes with multipart threshold {@code threshold}. */
    public static PartPlan of(long size, long threshold) {
        long forCount = (size + MAX_PARTS - 1) / MAX_PARTS;
        long part = Math.max(MIN_PART, Math.max(forCount, Math.min(threshold, PREFERRED_PART)));
        return new PartPlan(size, part);
    }

    public int count() {
        return (int) Math.max(1, (size + partSize - 1) / partSize);
    }

    /** Offset of part {@code index} (0-based). */
    public long offset(int index) {
        return index * partSize;
    }

    /** Length of part {@code index} (0-based). */
    public long length(int index) {
        return Math.min(partSize, size - offset(index));
    }
}
