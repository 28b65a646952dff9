package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.SegmentFacts;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Counts of a node's segment checks: named in the window, verified, their events and stageTimestamp range. Not thread-safe. */
final class SegmentTally {
    private int named;
    private int verified;
    private long events;
    private String minStage;
    private String maxStage;
    private Instant min;
    private Instant max;

    void named() {
        named++;
    }

    /** A segment verified: counts its lines (those read deep, else the manifest's) and its time range. */
    void verified(SegmentFacts manifest, SegmentFacts deep) {
        verified++;
        events += deep == null ? manifest.lines() : deep.lines();
        stage(manifest.minStageTimestamp());
        stage(manifest.maxStageTimestamp());
    }

    private void stage(String text) {
        if (text == null) {
            return;
        }
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeParseException e) {
            return;
        }
        if (min == null || t.isBefore(min)) {
            min = t;
            minStage = text;
        }
        if (max == null || t.isAfter(max)) {
            max = t;
            maxStage = text;
        }
    }

    int namedCount() {
        return named;
    }

    int verifiedCount() {
        return verified;
    }

    long events() {
        return events;
    }

    String minStageTimestamp() {
        return minStage;
    }

    String maxStageTimestamp() {
        return maxStage;
    }
}
