package dev.kubeaudit.agent.journal;

import java.io.Closeable;

/**
 * A registered consumer's reader (a forwarding destination's), from {@link Journal#consumer}.
 * Reads acknowledged batches in journal order from right after its committed position, which is
 * kept in the journal's metadata under its name and survives restarts: after a restart or a crash
 * it reads again whatever it had not committed (at least once). {@link #commit} is called once the
 * destination has acknowledged everything up to an index; only then may the journal delete a cycle
 * file, and only when the log writer and every other registered consumer are past it too.
 *
 * <p>A skip-ahead ({@link Journal#skipAhead}, done by the journal itself for a {@link
 * ConsumerSettings.Overflow#SKIP} consumer past its bound) moves the committed position forward
 * from any thread; the next {@link #next()} then continues after the new position. The skip counts
 * only the entries not handed out yet: an entry {@link #next()} returned and the skip passed
 * ({@link #committedIndex()} at or past its index) is the consumer's to finish or give up, and
 * what it gives up undelivered it counts itself, so that every event is counted once, as
 * delivered or as skipped. A commit of an index at or before the position is no progress and
 * changes nothing.
 *
 * <p>Not thread-safe: Chronicle tailers belong to one thread, so create, use and close this on the
 * consumer's thread. {@link Journal#consumerBacklog} and {@link Journal#skipAhead} are the
 * thread-safe views of the same position.
 */
public final class JournalConsumer implements Closeable {
    private final ConsumerPosition position;
    private final ChronicleTailer tailer;
    /** The index the reader is right after: the last entry returned, or the position it was moved to. */
    private long readAfter;

    JournalConsumer(ConsumerPosition position, ChronicleTailer tailer) {
        this.position = position;
        this.tailer = tailer;
        moveAfter(position.index());
    }

    public String name() {
        return position.name();
    }

    /**
     * The next acknowledged batch after what was read (or the committed position, after a skip), or
     * null. From then on the entry is the consumer's to account for: a skip-ahead past it does not
     * count it, so the consumer either delivers it or counts what it gives up of it; an entry a
     * skip passed before it was handed out is not handed out.
     */
    public JournalEntry next() {
        while (true) {
            long committed = position.index();
            if (committed > readAfter) {
                moveAfter(committed);
            }
            JournalEntry entry = tailer.next();
            if (entry == null) {
                return null;
            }
            readAfter = entry.index();
            JournalDocument.Header header = tailer.lastRead();
            if (position.read(entry.index(), header.cumulativeEvents(), header.cumulativeBytes())) {
                return entry;
            }
            // skipped (and counted) between the read and now: go on after the new position
        }
    }

    /** Waits up to {@code maxNanos} for an entry after the read position to become readable; may return early. */
    public void awaitNext(long maxNanos) {
        tailer.awaitNext(maxNanos);
    }

    /**
     * The destination acknowledged every entry up to and including {@code index}: the position moves
     * there (kept in the metadata), the backlog shrinks, a behind episode ends, and cycle files no
     * consumer needs any more may be deleted. Fails for an index the journal never held.
     */
    public void commit(long index) {
        tailer.consumed(index);
    }

    /**
     * The consumer stops without finishing the entry at {@code index} it was handed: true when a
     * skip-ahead passed it already (the consumer counts what it gives up of it); otherwise the
     * entry is the journal's again, atomically, so that a later skip past it counts it, and false.
     */
    public boolean handBack(long index) {
        return position.handBack(index);
    }

    /** Index of the newest committed (or skipped) entry, -1 when none. */
    public long committedIndex() {
        return position.index();
    }

    private void moveAfter(long index) {
        if (index < 0 || !tailer.moveAfter(index)) {
            tailer.moveToStart();
        }
        readAfter = index;
    }

    @Override
    public void close() {
        tailer.close();
    }
}
