package dev.kubeaudit.agent.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what ingest reports. Thread-safe. */
final class RecordingListener implements IngestListener {
    final List<Integer> statuses = new ArrayList<>();
    final List<String> refusals = new ArrayList<>();
    final List<String> limitHits = new ArrayList<>();
    final AtomicInteger events = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();

    @Override
    public synchronized void request(int status, long nanos) {
        if (nanos < 0) {
            throw new AssertionError("negative duration " + nanos);
        }
        statuses.add(status);
    }

    @Override
    public void eventsReceived(int n) {
        events.addAndGet(n);
    }

    @Override
    public void duplicateBatch() {
        duplicates.incrementAndGet();
    }

    @Override
    public synchronized void refused(String reason) {
        refusals.add(reason);
    }

    @Override
    public synchronized void limitHit(String limit) {
        limitHits.add(limit);
    }

    synchronized List<Integer> statuses() {
        return List.copyOf(statuses);
    }

    synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    synchronized List<String> limitHits() {
        return List.copyOf(limitHits);
    }
}
