package dev.kubeaudit.agent.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Collects the findings of one node as verification runs. Thread-safe: parallel readers add to it. */
final class Findings {
    private static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.seq() == null ? Long.MAX_VALUE : f.seq())
            .thenComparing(Finding::type).thenComparing(f -> String.join(",", f.keys()));

    private final String node;
    private final List<Finding> found = new ArrayList<>();

    Findings(String node) {
        this.node = node;
    }

    String node() {
        return node;
    }

    void failure(FindingType type, Long seq, String message, String... keys) {
        add(type, Severity.FAILURE, seq, message, Arrays.asList(keys));
    }

    void incomplete(FindingType type, Long seq, String message, String... keys) {
        add(type, Severity.INCOMPLETE, seq, message, Arrays.asList(keys));
    }

    void warning(FindingType type, Long seq, String message, String... keys) {
        add(type, Severity.WARNING, seq, message, Arrays.asList(keys));
    }

    synchronized void add(FindingType type, Severity severity, Long seq, String message, List<String> keys) {
        found.add(new Finding(type, severity, node, seq, keys, message));
    }

    /** The findings so far, by seq (none last), then type, then keys. */
    synchronized List<Finding> sorted() {
        List<Finding> copy = new ArrayList<>(found);
        copy.sort(ORDER);
        return copy;
    }
}
