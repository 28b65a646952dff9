package dev.kubeaudit.agent.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample line of the Prometheus text format: metric name, labels (in the order given),
 * value ({@code NaN} and infinities included), and the timestamp in milliseconds since the epoch
 * or null when the line has none. Immutable.
 */
public record Sample(String name, Map<String, String> labels, double value, Long timestampMillis) {
    public Sample {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** The value of label {@code label}, or null when the sample has none. */
    public String label(String label) {
        return labels.get(label);
    }
}
