package dev.kubeaudit.search.output;

import java.io.IOException;

/** Receives the events a search found, in order, each as its line from the archive (without the newline). */
public interface EventSink {
    void event(String line) throws IOException;
}
