package dev.kubeaudit.agent.journal;

/**
 * What is in the journal and what of it is consumed, as the cumulative event and item-byte counts
 * that every document carries: the backlog is the difference, O(1). Thread-safe: synchronized.
 */
final class Backlog {
    private long lastIndex = -1;
    private long lastEvents;
    private long lastBytes;
    private long consumedIndex = -1;
    private long consumedEvents;
    private long consumedBytes;

    /** The document at {@code index} is the newest one. */
    synchronized void appended(long index, long cumulativeEvents, long cumulativeBytes) {
        lastIndex = index;
        lastEvents = cumulativeEvents;
        lastBytes = cumulativeBytes;
    }

    /** Marks everything up to {@code index} consumed; false when that is no progress. */
    synchronized boolean consumed(long index, long cumulativeEvents, long cumulativeBytes) {
        if (index <= consumedIndex) {
            return false;
        }
        consumedIndex = index;
        consumedEvents = cumulativeEvents;
        consumedBytes = cumulativeBytes;
        return true;
    }

    synchronized long lastIndex() {
        return lastIndex;
    }

    synchronized long lastEvents() {
        return lastEvents;
    }

    synchronized long lastBytes() {
        return lastBytes;
    }

    synchronized long consumedIndex() {
        return consumedIndex;
    }

    synchronized long events() {
        return Math.max(0, lastEvents - consumedEvents);
    }

    synchronized long bytes() {
        return Math.max(0, lastBytes - consumedBytes);
    }
}
