package dev.kubeaudit.search.plan;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.SegmentKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which segments of a listing a search opens, without reading any. A segment's name carries the
 * time it was rotated, T: its events were all stamped before, so one with {@code T < since - margin}
 * is skipped (the margin covers clocks of apiservers ahead of the agent's). A manifest states the
 * earliest and latest stageTimestamp of its segment, which bounds it on both sides; a segment
 * whose manifest states none holds no event a time window can match. Pure; thread-safe.
 */
public record SegmentPolicy(SegmentScope scope, Duration margin) {
    /** How far an apiserver's clock may run ahead of the agent's. */
    public static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

    public SegmentPolicy {
        Objects.requireNonNull(scope, "scope");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin: " + margin + " (expected: >= 0)");
        }
    }

    public static SegmentPolicy of(SegmentScope scope) {
        return new SegmentPolicy(scope, CLOCK_MARGIN);
    }

    /** The segments in {@code listing} of the scope's clusters and nodes not rotated before the window, sorted by key. */
    public List<Candidate> candidates(List<ArchiveObject> listing) {
        Map<String, ArchiveObject> byKey = listing.stream()
                .collect(Collectors.toMap(ArchiveObject::key, Function.identity(), (a, b) -> a));
        List<Candidate> candidates = new ArrayList<>();
        for (ArchiveObject object : listing) {
            Optional<SegmentKey> key = SegmentKey.parse(object.key());
            if (key.isPresent() && scope.holds(key.get()) && !rotatedBeforeWindow(key.get())) {
                candidates.add(new Candidate(key.get(), object, byKey.get(key.get().manifestKey())));
            }
        }
        candidates.sort((a, b) -> a.key().key().compareTo(b.key().key()));
        return candidates;
    }

    /** Counts the segments of {@code listing}, whatever their cluster, node or time. */
    public static int segmentsIn(List<ArchiveObject> listing) {
        return (int) listing.stream().filter(o -> SegmentKey.parse(o.key()).isPresent()).count();
    }

    /**
     * The candidates to open: those whose manifest's bounds (in {@code bounds} by segment key)
     * meet the window, and those without bounds.
     */
    public List<PlannedSegment> choose(List<Candidate> candidates, Map<String, ManifestBounds> bounds) {
        List<PlannedSegment> chosen = new ArrayList<>();
        for (Candidate c : candidates) {
            ManifestBounds b = bounds.get(c.key().key());
            if (b == null) {
                chosen.add(new PlannedSegment(c.key(), c.segment(), null));
            } else if (b.overlaps(scope.window())) {
                chosen.add(new PlannedSegment(c.key(), c.segment(), b.storedSha256()));
            }
        }
        return chosen;
    }

    private boolean rotatedBeforeWindow(SegmentKey key) {
        return scope.window().since() != null && key.segmentTime().isBefore(scope.window().since().minus(margin));
    }
}
