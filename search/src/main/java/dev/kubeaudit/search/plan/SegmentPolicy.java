package dev.kubeaudit.search.plan;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.SegmentKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
    /**
     * The most day folders a search lists one by one; a longer range is listed whole. Two months: an
     * investigation's range; beyond it one listing request per folder and day stops paying for
     * itself against a whole listing of 1,000 keys a request.
     */
    public static final int MAX_LISTED_DAYS = 62;

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

    /**
     * The UTC days whose folders can hold a segment this policy keeps, oldest first: from the day of
     * {@code since - margin} to the day after {@code now}'s. A segment sits in the folder of the day
     * it was rotated, which can be long after its events but not after now (the day after covers
     * an agent's clock ahead of this one). Empty (list every day) without since or when that makes
     * more than {@link #MAX_LISTED_DAYS} days; an empty list when since is after that last day.
     */
    public Optional<List<LocalDate>> days(Instant now) {
        if (scope.window().since() == null) {
            return Optional.empty();
        }
        LocalDate first = LocalDate.ofInstant(scope.window().since().minus(margin), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
        long count = ChronoUnit.DAYS.between(first, last) + 1;
        if (count > MAX_LISTED_DAYS) {
            return Optional.empty();
        }
        return Optional.of(Stream.iterate(first, d -> d.plusDays(1)).limit(Math.max(count, 0)).toList());
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
