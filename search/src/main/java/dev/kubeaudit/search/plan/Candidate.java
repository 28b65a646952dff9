package dev.kubeaudit.search.plan;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.SegmentKey;
import java.util.Objects;

/** A segment that may hold events asked for, and its manifest object when the listing has one (else null). Immutable. */
public record Candidate(SegmentKey key, ArchiveObject segment, ArchiveObject manifest) {
    public Candidate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(segment, "segment");
    }
}
