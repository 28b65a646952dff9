package dev.kubeaudit.agent.integrity;

import java.util.Objects;

/**
 * What a manifest states about one segment's bytes: the stored object (size and SHA-256, hex, of
 * the file as shipped, compressed or not; {@code compression}: none, gzip or zstd), its content
 * once decompressed (size, SHA-256, line count, RFC 6962 Merkle root over the lines without their
 * newlines), and the events in it (first and last auditID, earliest and latest stageTimestamp as
 * written; null when no line carries one). Immutable.
 */
public record SegmentFacts(long storedSize, String storedSha256, String compression, long contentSize,
                           String contentSha256, long lines, byte[] merkleRoot, String firstAuditID,
                           String lastAuditID, String minStageTimestamp, String maxStageTimestamp) {
    public SegmentFacts {
        Objects.requireNonNull(storedSha256, "storedSha256");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(contentSha256, "contentSha256");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        if (storedSize < 0 || contentSize < 0 || lines < 0) {
            throw new IllegalArgumentException("sizes and line count must be >= 0");
        }
        merkleRoot = merkleRoot.clone();
    }

    @Override
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentFacts f && f.storedSize == storedSize && f.storedSha256.equals(storedSha256)
                && f.compression.equals(compression) && f.contentSize == contentSize
                && f.contentSha256.equals(contentSha256) && f.lines == lines
                && java.util.Arrays.equals(f.merkleRoot, merkleRoot) && Objects.equals(f.firstAuditID, firstAuditID)
                && Objects.equals(f.lastAuditID, lastAuditID) && Objects.equals(f.minStageTimestamp, minStageTimestamp)
                && Objects.equals(f.maxStageTimestamp, maxStageTimestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(storedSize, storedSha256, contentSha256, lines);
    }
}
