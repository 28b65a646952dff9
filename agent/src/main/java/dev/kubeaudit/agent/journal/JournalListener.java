package dev.kubeaudit.agent.journal;

import java.nio.file.Path;

/**
 * Hooks the journal calls so that metrics and logs can follow it; the journal knows no metrics
 * library. Calls come from the journal thread (appended, duplicate, synced, failure of an append),
 * from callers of {@link Journal#append} (duplicate) and from the consumer threads (cycleDeleted,
 * failure of a deletion, consumerSkipped): implementations must be thread-safe and quick.
 */
public interface JournalListener {

    /** Does nothing. */
    JournalListener NONE = new JournalListener() {
    };

    /** A batch of {@code events} items holding {@code bytes} item bytes is in the journal. */
    default void appended(int events, long bytes) {
    }

    /** A batch was recognised as a re-sent one and not appended again. */
    default void duplicate() {
    }

    /** One force to disk took {@code nanos} and covered {@code batches} batches. */
    default void synced(long nanos, int batches) {
    }

    /** A consumed roll-cycle file older than the de-duplication window was deleted. */
    default void cycleDeleted(Path file) {
    }

    /**
     * The registered consumer {@code consumer} was skipped ahead past {@code events} events of
     * {@code bytes} item bytes it had not been handed yet (see {@link Journal#skipAhead}; possibly
     * none, when the skip passed only entries it holds); {@code episodeStart} is true for the
     * first skip of a behind episode (see {@link Journal#skipAhead}), so that a log line can be
     * written once per episode; the count is exact either way.
     */
    default void consumerSkipped(String consumer, long events, long bytes, boolean episodeStart) {
    }

    /**
     * The position of {@code consumer}, a name registered before but not at this open, was dropped
     * (it stood at {@code index}): it pins no cycle file any more. Called once per dropped name.
     */
    default void consumerDropped(String consumer, long index) {
    }

    /** A background operation failed; {@code operation} says which and on what. */
    default void failure(String operation, Exception e) {
    }
}
