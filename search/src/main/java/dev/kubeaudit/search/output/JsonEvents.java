package dev.kubeaudit.search.output;

import java.io.IOException;
import java.io.Writer;

/** Each event's line exactly as in the archive, then '\n' ({@code -o json}). Not thread-safe. */
public final class JsonEvents implements EventSink {
    private final Writer out;

    public JsonEvents(Writer out) {
        this.out = out;
    }

    @Override
    public void event(String line) throws IOException {
        out.write(line);
        out.write('\n');
    }
}
