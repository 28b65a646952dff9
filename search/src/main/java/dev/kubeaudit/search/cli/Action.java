package dev.kubeaudit.search.cli;

import dev.kubeaudit.search.query.EventDatabase;
import dev.kubeaudit.search.query.QueryRejected;
import java.io.IOException;
import java.io.Writer;

/** What a search does on the events view once it is open: prints to {@code out}, returns the summary line ({@code 12 events}). */
@FunctionalInterface
interface Action {
    String run(EventDatabase db, Writer out) throws IOException, QueryRejected;
}
