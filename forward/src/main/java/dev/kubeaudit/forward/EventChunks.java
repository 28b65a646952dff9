package dev.kubeaudit.forward;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.writer.LineFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one journal entry (an accepted batch) into the batches a destination receives: its
 * events as audit.log lines ({@link LineFormat}, the log writer's own rendering), in order, cut
 * whenever the next event would pass {@code maxEvents} or {@code maxBytes} line bytes (an event
 * larger than {@code maxBytes} goes alone). The cut depends on the entry alone, so a batch sent
 * again after a restart is byte-identical. Not thread-safe: one per forwarder.
 */
final class EventChunks {
    private final LineFormat format;
    private final boolean legacy;
    private final int maxEvents;
    private final long maxBytes;

    EventChunks(boolean legacyFormat, int maxEvents, long maxBytes) {
        if (maxEvents < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("batch limits: " + maxEvents + " events, " + maxBytes
                    + " bytes (expected: >= 1 each)");
        }
        this.format = new LineFormat(legacyFormat);
        this.legacy = legacyFormat;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    List<List<ForwardedEvent>> split(Batch batch) {
        List<List<ForwardedEvent>> chunks = new ArrayList<>();
        List<ForwardedEvent> current = new ArrayList<>(Math.min(maxEvents, batch.size()));
        long bytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            ForwardedEvent event = event(batch, i);
            if (!current.isEmpty() && (current.size() == maxEvents || bytes + event.line().length > maxBytes)) {
                chunks.add(current);
                current = new ArrayList<>(Math.min(maxEvents, batch.size() - i));
                bytes = 0;
            }
            current.add(event);
            bytes += event.line().length;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    static long bytes(List<ForwardedEvent> chunk) {
        long bytes = 0;
        for (ForwardedEvent e : chunk) {
            bytes += e.line().length;
        }
        return bytes;
    }

    private ForwardedEvent event(Batch batch, int i) {
        format.format(batch, i);
        byte[] line = Arrays.copyOfRange(format.bytes(), format.offset(), format.offset() + format.length());
        return ForwardedEvent.of(legacy ? batch.item(i) : line, line);
    }
}
