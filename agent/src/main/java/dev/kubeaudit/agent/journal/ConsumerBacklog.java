package dev.kubeaudit.agent.journal;

import java.time.Duration;

/**
 * A consumer's backlog: the events and item bytes appended after its committed position, and how
 * long the oldest of those batches has waited since it was accepted (zero when none waits).
 */
public record ConsumerBacklog(long events, long bytes, Duration age) {
}
