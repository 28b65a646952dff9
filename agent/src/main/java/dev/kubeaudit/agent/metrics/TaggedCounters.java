package dev.kubeaudit.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of one meter name told apart by one tag: each is registered when its tag value is first
 * counted and reused after, so counting a known value costs no registry lookup and no tag
 * allocation. Thread-safe.
 */
final class TaggedCounters {
    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String tag;
    private final ConcurrentHashMap<String, Counter> byValue = new ConcurrentHashMap<>();

    TaggedCounters(MeterRegistry registry, String name, String description, String tag) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tag = tag;
    }

    /** The sum of every value's count so far. */
    double total() {
        double sum = 0;
        for (Counter counter : byValue.values()) {
            sum += counter.count();
        }
        return sum;
    }

    /** The counter of {@code value}, registered on first use. */
    Counter get(String value) {
        Counter counter = byValue.get(value);
        return counter != null ? counter : byValue.computeIfAbsent(value,
                v -> Counter.builder(name).description(description).tag(tag, v).register(registry));
    }
}
