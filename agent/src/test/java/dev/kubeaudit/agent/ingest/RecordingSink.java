package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.event.Batch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A real in-memory BatchSink for tests: records every batch, and can be told to refuse, to fail,
 * to answer DUPLICATE, or to hold appends until released. Thread-safe.
 */
final class RecordingSink implements BatchSink {
    enum Mode { STORE, DUPLICATE, FAIL, THROW, HOLD }

    private final List<Batch> batches = new ArrayList<>();
    private final List<CompletableFuture<Appended>> held = new ArrayList<>();
    private volatile Refusal refusal;
    private volatile Mode mode = Mode.STORE;

    void refuse(Refusal r) {
        refusal = r;
    }

    void mode(Mode m) {
        mode = m;
    }

    @Override
    public Refusal refusal() {
        return refusal;
    }

    @Override
    public CompletableFuture<Appended> append(Batch batch) {
        Mode m = mode;
        if (m == Mode.THROW) {
            throw new IllegalStateException("journal closed");
        }
        synchronized (this) {
            batches.add(batch);
            return switch (m) {
                case STORE -> CompletableFuture.completedFuture(Appended.STORED);
                case DUPLICATE -> CompletableFuture.completedFuture(Appended.DUPLICATE);
                case FAIL -> CompletableFuture.failedFuture(new IOException("Append to journal /tmp/j failed"));
                default -> {
                    CompletableFuture<Appended> f = new CompletableFuture<>();
                    held.add(f);
                    yield f;
                }
            };
        }
    }

    synchronized List<Batch> batches() {
        return List.copyOf(batches);
    }

    synchronized int heldCount() {
        return held.size();
    }

    /** Completes every held append with STORED, from the calling thread. */
    void releaseHeld() {
        List<CompletableFuture<Appended>> now;
        synchronized (this) {
            now = List.copyOf(held);
            held.clear();
        }
        now.forEach(f -> f.complete(Appended.STORED));
    }

    synchronized int events() {
        return batches.stream().mapToInt(b -> b.items().size()).sum();
    }
}
