package dev.kubeaudit.search.output;

import dev.kubeaudit.agent.tail.HumanLine;
import java.io.IOException;
import java.io.Writer;

/** Each event as {@code audit-agent tail} prints it ({@link HumanLine}), read from its line by {@link EventHead}. Not thread-safe. */
public final class HumanEvents implements EventSink {
    private final Writer out;

    public HumanEvents(Writer out) {
        this.out = out;
    }

    @Override
    public void event(String line) throws IOException {
        out.write(HumanLine.of(EventHead.of(line)));
        out.write('\n');
    }
}
