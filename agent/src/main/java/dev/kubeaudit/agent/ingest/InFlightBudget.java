package dev.kubeaudit.agent.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies being received or waiting for the journal, over all connections, held
 * under a ceiling. Thread-safe (lock-free).
 */
final class InFlightBudget {
    private final long max;
    private final AtomicLong bytes = new AtomicLong();

    InFlightBudget(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 0)");
        }
        this.max = max;
    }

    /** Takes {@code n} bytes unless that would pass the ceiling; true when taken. */
    boolean tryReserve(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        while (true) {
            long now = bytes.get();
            if (now + n > max) {
                return false;
            }
            if (bytes.compareAndSet(now, now + n)) {
                return true;
            }
        }
    }

    /** Gives back {@code n} bytes taken before. */
    void release(long n) {
        if (n != 0) {
            bytes.addAndGet(-n);
        }
    }

    long bytes() {
        return bytes.get();
    }
}
