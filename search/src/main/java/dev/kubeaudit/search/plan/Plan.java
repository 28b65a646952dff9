package dev.kubeaudit.search.plan;

import java.util.List;

/**
 * What a search reads: the segments to open, sorted by key, and what it looked at to choose them:
 * how many segments its listing held (only the folders it listed: not every segment of the
 * archive) and the manifests read. Immutable.
 */
public record Plan(List<PlannedSegment> segments, int listedSegments, List<String> manifestsRead) {
    public Plan {
        segments = List.copyOf(segments);
        manifestsRead = List.copyOf(manifestsRead);
    }

    /** The keys of the segments this search opens, sorted. */
    public List<String> openedKeys() {
        return segments.stream().map(s -> s.key().key()).toList();
    }
}
