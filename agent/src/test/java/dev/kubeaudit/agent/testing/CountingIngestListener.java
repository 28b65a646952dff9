package dev.kubeaudit.agent.testing;

import dev.kubeaudit.agent.ingest.IngestListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what ingest reports, by status, auth failure reason and limit. Thread-safe. */
public final class CountingIngestListener implements IngestListener {
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> authFailures = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> limits = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();

    @Override
    public void request(int status, long nanos) {
        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void eventsReceived(int n) {
        events.addAndGet(n);
    }

    @Override
    public void authFailed(String reason) {
        authFailures.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void limitHit(String limit) {
        limits.computeIfAbsent(limit, k -> new AtomicLong()).incrementAndGet();
    }

    public long status(int code) {
        AtomicLong n = statuses.get(code);
        return n == null ? 0 : n.get();
    }

    public long authFailures(String reason) {
        AtomicLong n = authFailures.get(reason);
        return n == null ? 0 : n.get();
    }

    public long limitHits(String limit) {
        AtomicLong n = limits.get(limit);
        return n == null ? 0 : n.get();
    }

    public long events() {
        return events.get();
    }

    @Override
    public String toString() {
        return "statuses " + statuses + ", auth failures " + authFailures + ", limits " + limits;
    }
}
