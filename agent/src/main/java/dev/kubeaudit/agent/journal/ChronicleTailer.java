package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.event.Batch;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A {@link JournalTailer} over a Chronicle tailer. Its position (the index of the last entry
 * {@link #next()} returned) is kept under its key in the queue's metadata file (none for a
 * registered consumer's, which restarts from its committed position), and restored when a
 * tailer of that key is created again; {@link #consumed} goes to the {@link Release} it was made
 * with; Chronicle's own named-tailer index is not relied on, since
 * it did not survive reopening the queue in the version used. A document of a newer format stops
 * reading with an IllegalStateException and stays unread. Documents past the journal's
 * {@link Journal#readableIndex() readable index} (not acknowledged yet) are not returned. Not thread-safe: Chronicle tailers belong
 * to one thread, so create, use and close this on the consumer thread.
 */
final class ChronicleTailer implements JournalTailer {
    static final String POSITION_PREFIX = "kubeaudit.tailer.";
    private static final long UNKNOWN = Long.MIN_VALUE;

    /** Where {@link #consumed} goes: the log writer's position or a registered consumer's. */
    interface Release {
        void consumed(long index, long cumulativeEvents, long cumulativeBytes);
    }

    private final Journal journal;
    private final SingleChronicleQueue queue;
    private final String positionKey;
    private final Release release;
    private final ExcerptTailer tailer;
    private ExcerptTailer probe;
    private JournalDocument.Header lastRead;
    private boolean closed;
    /** Index of the entry the position is right after, {@link #UNKNOWN} when it was moved without one. */
    private long after = UNKNOWN;
    /** Chronicle had nothing after the position although the journal said there was: do not trust the index. */
    private boolean behind;

    /**
     * A tailer whose read position is kept under {@code positionKey} in the metadata, or nowhere
     * when it is null (a registered consumer restarts from its committed position instead).
     */
    ChronicleTailer(Journal journal, SingleChronicleQueue queue, String positionKey, Release release) {
        this.journal = journal;
        this.queue = queue;
        this.positionKey = positionKey;
        this.release = release;
        this.tailer = queue.createTailer();
        long last = positionKey == null ? Long.MIN_VALUE : queue.tableStoreGet(positionKey);
        if (last != Long.MIN_VALUE && tailer.moveToIndex(last)) {
            skipOne();
            after = last;
        }
    }

    /** The entry at the saved position was returned before the restart: step over it. */
    private void skipOne() {
        try (DocumentContext ignored = tailer.readingDocument()) {
            lastRead = null;
        }
    }

    @Override
    public JournalEntry next() {
        if (after != UNKNOWN && after >= journal.readableIndex()) {
            return null; // nothing acknowledged after the position: no need to ask Chronicle
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                behind = after != UNKNOWN && after < journal.readableIndex();
                return null;
            }
            if (dc.index() > journal.readableIndex()) {
                dc.rollbackOnClose(); // not acknowledged yet: read it again once it is
                return null;
            }
            try {
                Bytes<?> bytes = dc.wire().bytes();
                JournalDocument.Header header = JournalDocument.readHeader(bytes, dc.index());
                Batch batch = JournalDocument.readBatch(bytes, header);
                lastRead = header;
                if (positionKey != null) {
                    queue.tableStorePut(positionKey, header.index());
                }
                after = header.index();
                behind = false;
                return new JournalEntry(header.index(), batch);
            } catch (RuntimeException e) {
                dc.rollbackOnClose();
                throw e;
            }
        }
    }

    /** The header of the entry {@link #next()} returned last, null after a move. */
    JournalDocument.Header lastRead() {
        return lastRead;
    }

    @Override
    public boolean moveToIndex(long index) {
        after = UNKNOWN;
        return tailer.moveToIndex(index);
    }

    @Override
    public void moveToStart() {
        after = UNKNOWN;
        tailer.toStart();
    }

    @Override
    public boolean moveAfter(long index) {
        after = UNKNOWN;
        if (!tailer.moveToIndex(index)) {
            return false;
        }
        skipOne();
        after = index;
        return true;
    }

    @Override
    public void awaitNext(long maxNanos) {
        // never a busy loop: when the index said "more" and Chronicle did not, wait for the next one
        journal.awaitReadableAfter(behind ? UNKNOWN : after, maxNanos);
    }

    @Override
    public long lastIndex() {
        return queue.lastIndex();
    }

    @Override
    public void consumed(long index) {
        if (index < queue.firstIndex()) {
            return; // its cycle is gone already: nothing left to release
        }
        JournalDocument.Header header = lastRead != null && lastRead.index() == index ? lastRead : headerAt(index);
        release.consumed(index, header.cumulativeEvents(), header.cumulativeBytes());
    }

    private JournalDocument.Header headerAt(long index) {
        if (probe == null) {
            probe = queue.createTailer();
        }
        if (!probe.moveToIndex(index)) {
            throw new IllegalArgumentException("consumed index " + index + " (expected: an index in the journal)");
        }
        try (DocumentContext dc = probe.readingDocument()) {
            if (!dc.isPresent()) {
                throw new IllegalArgumentException("consumed index " + index + " (expected: an index in the journal)");
            }
            return JournalDocument.readHeader(dc.wire().bytes(), dc.index());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (probe != null) {
            probe.close();
        }
        tailer.close();
    }
}
