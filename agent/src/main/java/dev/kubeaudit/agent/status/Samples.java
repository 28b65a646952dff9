package dev.kubeaudit.agent.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The samples of one scrape, looked up by metric name and label. Immutable. */
public final class Samples {
    private final Map<String, List<Sample>> byName = new LinkedHashMap<>();

    private Samples(List<Sample> samples) {
        for (Sample sample : samples) {
            byName.computeIfAbsent(sample.name(), n -> new ArrayList<>()).add(sample);
        }
    }

    /** The samples of a scrape's text; a malformed line is an {@link IllegalArgumentException} naming it. */
    public static Samples parse(String text) {
        return new Samples(PrometheusText.parse(text).samples());
    }

    /** Every sample of {@code name}, in scrape order; empty when the scrape has none. */
    public List<Sample> all(String name) {
        return byName.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /**
     * The value of the first sample of {@code name} whose labels include every pair of
     * {@code labelPairs} (name, value, name, value, …), or null when there is none.
     */
    public Double value(String name, String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("label pairs: " + labelPairs.length + " strings (expected: an even number)");
        }
        for (Sample sample : all(name)) {
            boolean matches = true;
            for (int i = 0; i < labelPairs.length && matches; i += 2) {
                matches = labelPairs[i + 1].equals(sample.label(labelPairs[i]));
            }
            if (matches) {
                return sample.value();
            }
        }
        return null;
    }

    /** The sum of every sample of {@code name}; 0 when there is none. */
    public double sum(String name) {
        double sum = 0;
        for (Sample sample : all(name)) {
            sum += sample.value();
        }
        return sum;
    }
}
