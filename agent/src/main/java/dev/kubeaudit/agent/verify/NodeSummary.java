package dev.kubeaudit.agent.verify;

import java.time.Duration;
import java.time.Instant;

/**
 * What was verified of one node: records in its chain, segments in the time window and how many
 * of them verified, their events (lines), the stageTimestamp range they cover (as written; null
 * when none), its newest usable signed checkpoint (size, time, key, age; null when none) and what
 * the retention audit covered. Immutable.
 */
public record NodeSummary(String node, long records, int segments, int segmentsVerified, long events,
                          String minStageTimestamp, String maxStageTimestamp, Long checkpointSize,
                          Instant checkpointTime, String checkpointKey, Duration checkpointAge, String retention) {
}
