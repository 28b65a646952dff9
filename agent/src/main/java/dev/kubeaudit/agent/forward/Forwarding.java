package dev.kubeaudit.agent.forward;

import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalListener;
import java.io.Closeable;
import java.io.IOException;

/**
 * The running forwarding of one agent: one reader per destination, each through its own journal
 * consumer. {@link #close()} stops every reader promptly (what was sent but not acknowledged is
 * sent again after the next start) and is idempotent.
 */
public interface Forwarding extends Closeable {
    /** No destinations. */
    Forwarding NONE = new Forwarding() {
        @Override
        public JournalListener journalListener() {
            return JournalListener.NONE;
        }

        @Override
        public void start(Journal journal) {
        }

        @Override
        public void close() {
        }
    };

    /** Told of skipped and dropped consumer positions (counted and logged per destination). */
    JournalListener journalListener();

    /** Starts a reader per destination on {@code journal}, opened with a consumer for each. */
    void start(Journal journal) throws IOException;

    @Override
    void close();
}
