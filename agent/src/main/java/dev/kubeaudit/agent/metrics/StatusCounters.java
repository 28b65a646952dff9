package dev.kubeaudit.agent.metrics;

import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counters by HTTP status: those of statuses 100 to 599 are kept in an array once first used, so
 * counting a request costs neither a registry lookup nor a string; other values go to the tagged
 * counters each time. Thread-safe.
 */
final class StatusCounters {
    private static final int FIRST = 100;
    private static final int LAST = 599;

    private final TaggedCounters counters;
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(LAST - FIRST + 1);

    StatusCounters(TaggedCounters counters) {
        this.counters = counters;
    }

    /** Requests answered with a 4xx or 5xx status so far. */
    double refused() {
        double sum = 0;
        for (int status = 400; status <= LAST; status++) {
            Counter counter = byStatus.get(status - FIRST);
            sum += counter == null ? 0 : counter.count();
        }
        return sum;
    }

    /** The counter of {@code status}, registered on first use. */
    Counter get(int status) {
        if (status < FIRST || status > LAST) {
            return counters.get(Integer.toString(status));
        }
        Counter counter = byStatus.get(status - FIRST);
        if (counter == null) {
            counter = counters.get(Integer.toString(status)); // a racing thread gets the same counter
            byStatus.set(status - FIRST, counter);
        }
        return counter;
    }
}
