package dev.kubeaudit.agent.tail;

import dev.kubeaudit.agent.journal.JournalEntry;
import dev.kubeaudit.agent.journal.JournalReader;
import java.nio.file.Path;
import java.io.IOException;
import java.util.List;

/** The events of a journal, batch after batch, through a read-only {@link JournalReader}. Not thread-safe. */
public final class JournalSource implements EventSource {
    private final JournalReader reader;
    private List<byte[]> items = List.of();
    private int next;

    private JournalSource(JournalReader reader) {
        this.reader = reader;
    }

    /** From the oldest event in the journal, or from the last {@code lastEvents} when it is not negative. */
    public static JournalSource open(Path dir, long lastEvents) throws IOException {
        JournalReader reader = JournalReader.open(dir);
        JournalSource source = new JournalSource(reader);
        if (lastEvents >= 0) {
            long skip = reader.startAtLastEvents(lastEvents);
            JournalEntry first = skip > 0 ? reader.next() : null;
            if (first != null) {
                source.items = first.batch().items();
                source.next = (int) Math.min(skip, source.items.size());
            }
        }
        return source;
    }

    @Override
    public byte[] next() {
        while (next >= items.size()) {
            JournalEntry entry = reader.next();
            if (entry == null) {
                return null;
            }
            items = entry.batch().items();
            next = 0;
        }
        return items.get(next++);
    }

    @Override
    public boolean finite() {
        return false;
    }

    @Override
    public void close() {
        reader.close();
    }
}
