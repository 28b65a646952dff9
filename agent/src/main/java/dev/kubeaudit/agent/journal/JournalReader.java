package dev.kubeaudit.agent.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a journal directory without changing anything in it, for people watching events
 * ({@code audit-agent tail}): the queue is opened read-only, its tailer has no name and no position
 * is ever stored, so the metadata file that holds the log writer's position and the consumed
 * counts is only read. Safe beside a running agent, in the same or another process; entries
 * appended after opening are returned as they arrive. Not thread-safe: Chronicle tailers belong to
 * one thread, so open, use and close a reader on one thread.
 */
public final class JournalReader implements Closeable {
    private static final String METADATA_FILE = "metadata.cq4t";

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private boolean closed;

    private JournalReader(Path dir, SingleChronicleQueue queue) {
        this.dir = dir;
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    /** Opens the journal in {@code dir} for reading, positioned at its oldest entry. */
    public static JournalReader open(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(METADATA_FILE))) {
            throw new IOException("No journal in " + dir + " (expected: the journal.dir of an agent that has run)");
        }
        SingleChronicleQueue queue;
        try {
            queue = Journal.queueBuilder(dir, Clock.systemUTC(), Journal.BLOCK_SIZE).readOnly(true).build();
        } catch (RuntimeException e) {
            throw new IOException("Opening journal at " + dir + " read-only failed", e);
        }
        try {
            return new JournalReader(dir, queue);
        } catch (RuntimeException e) {
            queue.close();
            throw new IOException("Reading journal at " + dir + " failed", e);
        }
    }

    /**
     * Moves back from the newest entry until the entries from there on hold at least {@code events}
     * events; returns how many events of the first entry to skip so that exactly the last
     * {@code events} remain (fewer when the journal holds fewer).
     */
    public long startAtLastEvents(long events) {
        if (events < 0) {
            throw new IllegalArgumentException("events: " + events + " (expected: >= 0)");
        }
        long total = 0;
        long startIndex = -1;
        try (ExcerptTailer back = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd()) {
            while (total < events) {
                try (DocumentContext dc = back.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    JournalDocument.Header header = JournalDocument.readHeader(dc.wire().bytes(), dc.index());
                    total += header.itemCount();
                    startIndex = header.index();
                }
            }
        }
        if (startIndex < 0) {
            tailer.toEnd();
            return 0;
        }
        tailer.moveToIndex(startIndex);
        return Math.max(0, total - events);
    }

    /** The next entry, or null when none is there yet. */
    public JournalEntry next() {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return null;
            }
            Bytes<?> bytes = dc.wire().bytes();
            JournalDocument.Header header = JournalDocument.readHeader(bytes, dc.index());
            return new JournalEntry(header.index(), JournalDocument.readBatch(bytes, header));
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tailer.close();
        queue.close();
    }
}
