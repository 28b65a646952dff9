package dev.kubeaudit.agent.writer;

import dev.kubeaudit.agent.journal.JournalEntry;
import dev.kubeaudit.agent.journal.JournalTailer;

/**
 * The writer's position in the journal, line by line: every batch up to {@code fullIndex} is
 * written, and the first {@code item} lines of {@code entry}. Not thread-safe: writer thread only.
 */
final class Cursor {
    private final JournalTailer tailer;
    private final LineFormat format;
    private long fullIndex;
    private JournalEntry entry;
    private int item;
    private boolean formatted;
    private boolean skipWrittenFromStart;
    private boolean tailLost;

    private Cursor(JournalTailer tailer, LineFormat format, long fullIndex) {
        this.tailer = tailer;
        this.format = format;
        this.fullIndex = fullIndex;
    }

    /**
     * Positions {@code tailer} at the checkpoint: the next line is the first one it does not cover.
     * Where the checkpoint names an index past the journal's newest entry (or the journal is
     * empty), the journal lost its tail: a power loss took pages the checkpoint had already seen
     * (the cycle of the checkpoint's index is never deleted, see {@code CycleFiles.deletable}). The
     * cursor then starts after the journal's end, so that everything appended from now on is
     * written, and {@link #tailLost()} says so. Call it before anything new is appended (the agent
     * starts ingest only after the writer's first recovery): appends could reuse the lost indexes. An index before the journal's
     * oldest entry is in a cycle deleted by hand: the cursor starts at the oldest entry.
     */
    static Cursor at(JournalTailer tailer, Checkpoint cp, LineFormat format) {
        long named = Math.max(cp.fullIndex(), cp.partialIndex());
        long end = tailer.lastIndex();
        if (named > end) {
            Cursor cursor = new Cursor(tailer, format, end);
            cursor.tailLost = true;
            if (end < 0) {
                tailer.moveToStart();
            } else if (!tailer.moveAfter(end)) {
                throw new IllegalStateException("The journal could not find its last index " + end);
            }
            return cursor;
        }
        Cursor cursor = new Cursor(tailer, format, cp.fullIndex());
        if (cp.partialIndex() >= 0) {
            if (!tailer.moveToIndex(cp.partialIndex())) {
                throw new IllegalStateException("The journal no longer holds index " + cp.partialIndex()
                        + ", named by the checkpoint as half written");
            }
            cursor.entry = tailer.next();
            if (cursor.entry == null || cursor.entry.index() != cp.partialIndex()) {
                throw new IllegalStateException("The journal could not read index " + cp.partialIndex()
                        + ", named by the checkpoint as half written");
            }
            cursor.item = cp.partialItem();
        } else if (cp.fullIndex() >= 0 && tailer.moveToIndex(cp.fullIndex())) {
            JournalEntry done = tailer.next();
            if (done == null || done.index() != cp.fullIndex()) {
                throw new IllegalStateException("The journal could not read index " + cp.fullIndex()
                        + ", named by the checkpoint as written");
            }
        } else {
            // Nothing written yet, or the written batch's roll cycle is already deleted.
            tailer.moveToStart();
            cursor.skipWrittenFromStart = true;
        }
        return cursor;
    }

    /** True when the checkpoint named entries the journal no longer holds (see {@link #at}). */
    boolean tailLost() {
        return tailLost;
    }

    /** Index of the newest entry fully written, as far as this cursor knows. */
    long fullIndex() {
        return fullIndex;
    }

    /** Makes the next line current; false when the journal has no more yet. */
    boolean next() {
        if (formatted) {
            return true;
        }
        while (entry == null || item >= entry.batch().size()) {
            if (entry != null) {
                fullIndex = entry.index();
                entry = null;
            }
            JournalEntry e = tailer.next();
            if (e == null) {
                return false;
            }
            if (skipWrittenFromStart && e.index() <= fullIndex) {
                continue;
            }
            skipWrittenFromStart = false;
            entry = e;
            item = 0;
        }
        format.format(entry.batch(), item);
        formatted = true;
        return true;
    }

    /** The current line; valid after {@link #next()} returned true. */
    LineFormat line() {
        return format;
    }

    /** The journal index of the batch holding the current line; valid after {@link #next()} returned true. */
    long lineIndex() {
        if (!formatted) {
            throw new IllegalStateException("lineIndex() without a current line");
        }
        return entry.index();
    }

    /** The current line is written: move past it. */
    void advance() {
        if (!formatted) {
            throw new IllegalStateException("advance() without a current line");
        }
        formatted = false;
        item++;
        if (item >= entry.batch().size()) {
            fullIndex = entry.index();
            entry = null;
        }
    }

    /** The checkpoint for this position, with the active file at {@code offset} bytes, its lines of {@code active}. */
    Checkpoint checkpoint(long offset, String lastBackup, ActiveRange active) {
        return entry == null
                ? new Checkpoint(fullIndex, -1, 0, offset, lastBackup, active.first(), active.last())
                : new Checkpoint(fullIndex, entry.index(), item, offset, lastBackup, active.first(), active.last());
    }
}
