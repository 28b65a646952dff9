package dev.kubeaudit.agent.journal;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Applies the registered consumers' bounds ({@link ConsumerSettings}): a consumer's backlog age,
 * the skip-ahead of a skipping consumer past its bound ({@link Journal#skipAhead}), the age check
 * of a blocking one, and the end of a behind episode. Not thread-safe on its own: {@link Journal}
 * calls it under its consume lock, which also guards every position change.
 */
final class ConsumerBounds {
    /** A document position: its index (-1: before the first) and cumulative counts. */
    record Target(long index, long events, long bytes) {
    }

    private final SingleChronicleQueue queue;
    private final Backlog backlog;
    private final Clock clock;
    private final JournalListener listener;
    private final LongSupplier readableIndex;
    /** The accept time of the first document after an index (-1: from the start), MIN_VALUE when none. */
    private final LongUnaryOperator acceptMillisAfter;

    ConsumerBounds(SingleChronicleQueue queue, Backlog backlog, Clock clock, JournalListener listener,
                   LongSupplier readableIndex, LongUnaryOperator acceptMillisAfter) {
        this.queue = queue;
        this.backlog = backlog;
        this.clock = clock;
        this.listener = listener;
        this.readableIndex = readableIndex;
        this.acceptMillisAfter = acceptMillisAfter;
    }

    /** How long the oldest batch after the position has waited: reads its header once per position. */
    Duration age(ConsumerPosition position) {
        long accepted = position.oldestAcceptMillis();
        if (accepted == Long.MIN_VALUE) {
            long index = position.index();
            accepted = acceptMillisAfter.applyAsLong(index);
            if (accepted == Long.MIN_VALUE) {
                return Duration.ZERO;
            }
            position.oldestAcceptMillis(index, accepted);
        }
        return Duration.ofMillis(Math.max(0, clock.millis() - accepted));
    }

    /** Skips a skipping consumer past its bound; rechecks a blocking one's age bound. */
    void check(ConsumerPosition position) {
        ConsumerSettings bound = position.settings();
        if (!bound.blocks()) {
            skipAhead(position);
        } else if (!bound.maxBacklogAge().isZero()) {
            position.pastMaxAge(age(position).compareTo(bound.maxBacklogAge()) > 0);
        }
    }

    /** The backlog is within half of each bound (the end of a behind episode). */
    boolean withinHalf(ConsumerPosition position) {
        ConsumerSettings bound = position.settings();
        if (bound.maxBacklogBytes() > 0 && backlog.lastBytes() - position.bytes() > bound.maxBacklogBytes() / 2) {
            return false;
        }
        return bound.maxBacklogAge().isZero()
                || age(position).compareTo(bound.maxBacklogAge().dividedBy(2)) <= 0;
    }

    /** See {@link Journal#skipAhead(String)}. */
    Skipped skipAhead(ConsumerPosition position) {
        ConsumerSettings bound = position.settings();
        if (bound.blocks() || !bound.bounded()) {
            return Skipped.NONE;
        }
        long maxBytes = bound.maxBacklogBytes() == 0 ? Long.MAX_VALUE : bound.maxBacklogBytes();
        long maxAgeMillis = bound.maxBacklogAge().isZero() ? Long.MAX_VALUE : bound.maxBacklogAge().toMillis();
        long lastBytes = backlog.lastBytes();
        boolean over = lastBytes - position.bytes() > maxBytes
                || (maxAgeMillis != Long.MAX_VALUE && age(position).toMillis() > maxAgeMillis);
        if (!over) {
            return Skipped.NONE;
        }
        long cutoff = maxAgeMillis == Long.MAX_VALUE ? Long.MIN_VALUE : clock.millis() - maxAgeMillis;
        Target from = new Target(position.index(), position.events(), position.bytes());
        Target to = skipTarget(queue, from, maxBytes, cutoff, lastBytes, readableIndex.getAsLong());
        if (to.index() == from.index()) {
            return Skipped.NONE;
        }
        ConsumerPosition.Skip skip = position.skipped(to.index(), to.events(), to.bytes());
        Consumers.persist(queue, position);
        Skipped counted = skip.counted();
        if (!counted.none() || skip.episodeStart()) {
            listener.consumerSkipped(position.name(), counted.events(), counted.bytes(), skip.episodeStart());
        }
        return counted;
    }

    /**
     * Where a skip-ahead from {@code from} lands: the last document before the oldest one from
     * which on the backlog is within {@code maxBytes} (of the {@code lastBytes} appended) and every
     * batch was accepted at or after {@code cutoffMillis}; never past {@code readableIndex}, so an
     * unacknowledged document is never skipped. Reads the headers of the skipped documents and one
     * more.
     */
    private static Target skipTarget(SingleChronicleQueue queue, Target from, long maxBytes, long cutoffMillis,
                             long lastBytes, long readableIndex) {
        Target to = from;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (from.index() < 0 || !tailer.moveToIndex(from.index())) {
                tailer.toStart();
            } else {
                try (DocumentContext ignored = tailer.readingDocument()) {
                    // step over the document at the position
                }
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent() || dc.index() > readableIndex) {
                        return to;
                    }
                    JournalDocument.Header header = JournalDocument.readHeader(dc.wire().bytes(), dc.index());
                    if (header.index() <= to.index()) {
                        continue; // moved to the start: documents before the position are not backlog
                    }
                    if (header.acceptMillis() >= cutoffMillis && lastBytes - to.bytes() <= maxBytes) {
                        return to;
                    }
                    to = new Target(header.index(), header.cumulativeEvents(), header.cumulativeBytes());
                }
            }
        }
    }
}
