package dev.kubeaudit.shipper;

import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.retry.Backoff;
import dev.kubeaudit.shipper.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The segments waiting to be shipped, handed to workers oldest first. A failure of the store
 * (unreachable, denied, no bucket) holds back every segment until its backoff has passed, and then
 * lets one worker probe until an upload succeeds, so an outage costs one attempt per backoff, not
 * one per segment or worker; a failure of one segment (its object
 * conflicts, its file is unreadable) holds back only that segment. Waits use System.nanoTime.
 * Thread-safe: every method is synchronized on this queue.
 */
final class PendingQueue {
    private static final long MAX_WAIT_NANOS = 1_000_000_000L;

    private final Backoff backoff;
    private final TreeMap<Segment, Long> notBefore = new TreeMap<>();
    private final Map<Segment, Integer> segmentFailures = new HashMap<>();
    private final Set<Segment> inFlight = new HashSet<>();
    private long storeNotBefore = System.nanoTime();
    private int storeFailures;
    private boolean closed;

    PendingQueue(Backoff backoff) {
        this.backoff = backoff;
    }

    /** Adds {@code segment} unless it is already waiting or in flight; true when added. */
    synchronized boolean offer(Segment segment) {
        if (closed || notBefore.containsKey(segment)) {
            return false;
        }
        notBefore.put(segment, System.nanoTime());
        notifyAll();
        return true;
    }

    /**
     * The oldest segment that may be tried now, marked in flight; waits up to {@code maxWait} for
     * one. Null on timeout or once closed.
     */
    synchronized Segment take(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!closed) {
            long now = System.nanoTime();
            long wait = Math.min(MAX_WAIT_NANOS, deadline - now);
            if (now - storeNotBefore < 0) {
                wait = Math.min(wait, storeNotBefore - now);
            } else if (storeFailures > 0 && !inFlight.isEmpty()) {
                wait = Math.min(wait, MAX_WAIT_NANOS); // one probe at a time while the store fails
            } else {
                for (Map.Entry<Segment, Long> e : notBefore.entrySet()) {
                    if (inFlight.contains(e.getKey())) {
                        continue;
                    }
                    if (now - e.getValue() >= 0) {
                        inFlight.add(e.getKey());
                        return e.getKey();
                    }
                    wait = Math.min(wait, e.getValue() - now);
                }
            }
            if (deadline - now <= 0) {
                return null;
            }
            wait(Math.max(1, wait / 1_000_000));
        }
        return null;
    }

    /** {@code segment} is shipped (or gone for good): removed. Returns the store failures it ends. */
    synchronized int done(Segment segment) {
        notBefore.remove(segment);
        segmentFailures.remove(segment);
        inFlight.remove(segment);
        int ended = storeFailures;
        storeFailures = 0;
        notifyAll();
        return ended;
    }

    /** An attempt at {@code segment} failed with {@code e}: back off; returns the wait chosen. */
    synchronized Duration failed(Segment segment, StoreException e) {
        inFlight.remove(segment);
        double random = ThreadLocalRandom.current().nextDouble();
        Duration wait;
        if (e.segmentOnly()) {
            int n = segmentFailures.merge(segment, 1, Integer::sum);
            wait = e.permanent() ? backoff.slowPace(random) : backoff.delay(n, random);
            if (notBefore.containsKey(segment)) {
                notBefore.put(segment, System.nanoTime() + wait.toNanos());
            }
        } else {
            storeFailures++;
            wait = e.permanent() ? backoff.slowPace(random) : backoff.delay(storeFailures, random);
            long until = System.nanoTime() + wait.toNanos();
            if (until - storeNotBefore > 0) {
                storeNotBefore = until;
            }
        }
        notifyAll();
        return wait;
    }

    /** Removes waiting segments that {@code gone} names and no worker holds; returns them. */
    synchronized List<Segment> removeIf(java.util.function.Predicate<Segment> gone) {
        List<Segment> removed = new ArrayList<>();
        for (Segment s : List.copyOf(notBefore.keySet())) {
            if (!inFlight.contains(s) && gone.test(s)) {
                notBefore.remove(s);
                segmentFailures.remove(s);
                removed.add(s);
            }
        }
        return removed;
    }

    synchronized boolean contains(Segment segment) {
        return notBefore.containsKey(segment);
    }

    synchronized int size() {
        return notBefore.size();
    }

    synchronized Optional<Segment> oldest() {
        return notBefore.isEmpty() ? Optional.empty() : Optional.of(notBefore.firstKey());
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
