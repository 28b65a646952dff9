package dev.kubeaudit.agent.tail;

import java.io.Closeable;
import java.io.IOException;

/** Audit events one after another, each the JSON of one audit.log line. Not thread-safe. */
public interface EventSource extends Closeable {

    /** The next event, or null when there is none yet (a followed source may have more later). */
    byte[] next() throws IOException;

    /** True when null from {@link #next()} means the end for good (a compressed backup). */
    boolean finite();
}
