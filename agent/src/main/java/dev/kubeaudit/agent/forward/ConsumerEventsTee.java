package dev.kubeaudit.agent.forward;

import dev.kubeaudit.agent.journal.JournalListener;
import java.nio.file.Path;

/**
 * The agent's journal listener, with the consumers' skips and dropped positions told to the
 * forwarding as well (which counts and logs them per destination). Thread-safe as both are.
 */
public final class ConsumerEventsTee implements JournalListener {
    private final JournalListener journal;
    private final JournalListener forwarding;

    public ConsumerEventsTee(JournalListener journal, JournalListener forwarding) {
        this.journal = journal;
        this.forwarding = forwarding;
    }

    @Override
    public void appended(int events, long bytes) {
        journal.appended(events, bytes);
    }

    @Override
    public void duplicate() {
        journal.duplicate();
    }

    @Override
    public void synced(long nanos, int batches) {
        journal.synced(nanos, batches);
    }

    @Override
    public void cycleDeleted(Path file) {
        journal.cycleDeleted(file);
    }

    @Override
    public void consumerSkipped(String consumer, long events, long bytes, boolean episodeStart) {
        journal.consumerSkipped(consumer, events, bytes, episodeStart);
        forwarding.consumerSkipped(consumer, events, bytes, episodeStart);
    }

    @Override
    public void consumerDropped(String consumer, long index) {
        journal.consumerDropped(consumer, index);
        forwarding.consumerDropped(consumer, index);
    }

    @Override
    public void failure(String operation, Exception e) {
        journal.failure(operation, e);
    }
}
