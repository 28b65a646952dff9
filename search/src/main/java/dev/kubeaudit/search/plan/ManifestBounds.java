package dev.kubeaudit.search.plan;

import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SegmentFacts;
import dev.kubeaudit.agent.integrity.SignedNote;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a segment's manifest tells a search: the stored object's SHA-256 (hex), and the earliest
 * and latest stageTimestamp of its events (both null when no line carries one). Signatures are not
 * checked here: that is {@code verify}'s job. Immutable.
 */
public record ManifestBounds(String storedSha256, Instant minStage, Instant maxStage) {

    public ManifestBounds {
        Objects.requireNonNull(storedSha256, "storedSha256");
        if ((minStage == null) != (maxStage == null)) {
            throw new IllegalArgumentException("minStage and maxStage: both or neither");
        }
    }

    /**
     * The bounds a stored manifest states for segment {@code segmentKey}.
     *
     * @throws IllegalArgumentException saying why these bytes are no manifest of that segment
     */
    public static ManifestBounds parse(byte[] stored, String segmentKey) {
        Manifest m;
        try {
            m = SealedManifest.parse(stored).manifest();
        } catch (SignedNote.NoteFormatException e) {
            throw new IllegalArgumentException("does not parse: " + e.getMessage());
        }
        if (m.isGap() || !m.key().equals(segmentKey)) {
            throw new IllegalArgumentException("is the manifest of '" + m.key() + "', not of this segment");
        }
        SegmentFacts f = m.facts();
        Instant min = instant("minStageTimestamp", f.minStageTimestamp());
        Instant max = instant("maxStageTimestamp", f.maxStageTimestamp());
        // Widened to whole microseconds, however DuckDB rounds a finer time.
        return new ManifestBounds(f.storedSha256(), min == null ? null : min.truncatedTo(ChronoUnit.MICROS),
                max == null ? null : max.plusNanos(999).truncatedTo(ChronoUnit.MICROS));
    }

    /** Whether the segment can hold an event of {@code window}. */
    public boolean overlaps(TimeWindow window) {
        return window.isAll() || minStage != null && window.overlaps(minStage, maxStage);
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a time");
        }
    }
}
