package dev.kubeaudit.search.plan;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.SegmentKey;
import java.util.Objects;

/** A segment a search opens: its key, its object, and the stored SHA-256 its manifest states (null without one). Immutable. */
public record PlannedSegment(SegmentKey key, ArchiveObject object, String storedSha256) {
    public PlannedSegment {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(object, "object");
    }
}
