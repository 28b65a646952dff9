package dev.kubeaudit.agent.integrity;

import java.time.Instant;
import java.util.Objects;

/**
 * One record of a node's hash chain: a segment's manifest, or a declared gap. {@code seq} is
 * gapless per node from 0; {@code prev} is the SHA-256 (hex) of the previous record's stored
 * bytes ("" for seq 0); {@code key} is the segment's object key (a gap's own key), relative to the
 * archive root; {@code sealed} is when the agent sealed it; {@code keyId} names the signing key.
 * A segment record has {@code segmentTime} (from its file name), {@code facts} and the journal
 * indexes its lines came from (null when unknown: the standalone shipper); a gap record has
 * {@code gap}. Serialized by {@link ManifestJson}. Immutable.
 */
public record Manifest(String origin, long seq, String prev, String key, Instant sealed, String keyId,
                       Instant segmentTime, SegmentFacts facts, Long firstIndex, Long lastIndex, DeclaredGap gap) {
    public static final int FORMAT = 1;

    public Manifest {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(prev, "prev");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(keyId, "keyId");
        if (seq < 0) {
            throw new IllegalArgumentException("seq: " + seq + " (expected: >= 0)");
        }
        if ((facts == null) == (gap == null)) {
            throw new IllegalArgumentException("a manifest is either a segment's or a gap's");
        }
        if (facts != null && segmentTime == null) {
            throw new IllegalArgumentException("a segment manifest needs the segment's time");
        }
    }

    /** The manifest of a segment. */
    public static Manifest segment(String origin, long seq, String prev, String key, Instant sealed, String keyId,
                                   Instant segmentTime, SegmentFacts facts, Long firstIndex, Long lastIndex) {
        return new Manifest(origin, seq, prev, key, sealed, keyId, segmentTime, facts, firstIndex, lastIndex, null);
    }

    /** The record of a declared gap, stored under its own {@code key}. */
    public static Manifest gap(String origin, long seq, String prev, String key, Instant sealed, String keyId,
                               DeclaredGap gap) {
        return new Manifest(origin, seq, prev, key, sealed, keyId, null, null, null, null, gap);
    }

    public boolean isGap() {
        return gap != null;
    }

    public String kind() {
        return isGap() ? "gap" : "segment";
    }
}
