package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.SegmentFacts;
import dev.kubeaudit.agent.integrity.TimeRange;

/** Counts of a node's segment checks: named in the window, verified, their events and stageTimestamp range. Not thread-safe. */
final class SegmentTally {
    private int named;
    private int verified;
    private long events;
    private final TimeRange stages = new TimeRange();

    void named() {
        named++;
    }

    /** A segment verified: counts its lines (those read deep, else the manifest's) and its time range. */
    void verified(SegmentFacts manifest, SegmentFacts deep) {
        verified++;
        events += deep == null ? manifest.lines() : deep.lines();
        stages.add(manifest.minStageTimestamp());
        stages.add(manifest.maxStageTimestamp());
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
        return stages.earliest();
    }

    String maxStageTimestamp() {
        return stages.latest();
    }
}
