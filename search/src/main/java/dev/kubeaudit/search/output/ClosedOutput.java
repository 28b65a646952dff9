package dev.kubeaudit.search.output;

import java.io.IOException;

/** Standard output went away (the reader of a pipe exited, as {@code head} does): there is no one left to print for. */
public final class ClosedOutput extends IOException {
    public ClosedOutput() {
        super("standard output closed");
    }
}
