package dev.kubeaudit.search.cli;

import dev.kubeaudit.search.output.EventSink;
import dev.kubeaudit.search.output.HumanEvents;
import dev.kubeaudit.search.output.JsonEvents;
import java.io.Writer;

/** The event outputs {@code -o} names; another is one more constant and an {@link EventSink}. */
enum Outputs {
    HUMAN {
        @Override
        EventSink sink(Writer out) {
            return new HumanEvents(out);
        }
    },
    JSON {
        @Override
        EventSink sink(Writer out) {
            return new JsonEvents(out);
        }
    };

    abstract EventSink sink(Writer out);
}
