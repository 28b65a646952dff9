package dev.kubeaudit.agent.journal;

import java.io.Closeable;

/**
 * A named reader of the journal. Not thread-safe: owned by one consumer thread.
 */
public interface JournalTailer extends Closeable {

    /** The next acknowledged batch after the current position, or {@code null} when none is there yet. */
    JournalEntry next();

    /**
     * Positions the tailer so that {@link #next()} returns the entry with this index.
     * Returns false when the index is not in the journal (already deleted or not yet written).
     */
    boolean moveToIndex(long index);

    /** Positions the tailer at the oldest entry still in the journal. */
    void moveToStart();

    /** Positions the tailer right after the entry {@code index}; false when the journal does not hold it. */
    boolean moveAfter(long index);

    /**
     * Waits until an entry after the current position may be returned by {@link #next()}, for at
     * most {@code maxNanos}: the journal wakes waiting tailers as it acknowledges documents, so a
     * consumer need not poll. May return early; returns at once when an entry is already there,
     * except right after a move (before {@code next()} returned an entry), when it waits for the
     * next acknowledgement.
     */
    void awaitNext(long maxNanos);

    /** Index of the newest entry in the journal (acknowledged or not), -1 when it is empty. */
    long lastIndex();

    /**
     * Declares every entry up to and including {@code index} consumed for good (written and
     * checkpointed): the journal's backlog shrinks and roll-cycle files that hold only consumed
     * entries older than the de-duplication window may be deleted. An index whose cycle is already
     * deleted releases nothing.
     */
    void consumed(long index);

    @Override
    void close();
}
