package dev.kubeaudit.search.plan;

import dev.kubeaudit.agent.archive.SegmentKey;
import java.util.Objects;
import java.util.Set;

/** The segments a search is about: of these clusters and nodes (empty = every one) and this time window. Immutable. */
public record SegmentScope(Set<String> clusters, Set<String> nodes, TimeWindow window) {
    public static final SegmentScope ALL = new SegmentScope(Set.of(), Set.of(), TimeWindow.ALL);

    public SegmentScope {
        clusters = Set.copyOf(clusters);
        nodes = Set.copyOf(nodes);
        Objects.requireNonNull(window, "window");
    }

    /** Whether {@code key} is a segment of one of the clusters and nodes asked for. */
    public boolean holds(SegmentKey key) {
        return (clusters.isEmpty() || clusters.contains(key.cluster())) && (nodes.isEmpty() || nodes.contains(key.node()));
    }
}
