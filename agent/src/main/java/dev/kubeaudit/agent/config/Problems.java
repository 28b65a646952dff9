package dev.kubeaudit.agent.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every configuration problem, formatted the same way everywhere:
 * {@code FILE:LINE: key.path: value (expected: …)} for the file and
 * {@code --flag: value (expected: …)} for command-line flags. Listed by line, flags last.
 * Not thread-safe: one per load.
 */
final class Problems {
    private final String source;
    private final List<Found> found = new ArrayList<>();

    private record Found(int line, String text) {
    }

    /** @param source the file name as the operator gave it, used as the prefix of file problems */
    Problems(String source) {
        this.source = source;
    }

    void value(int line, String key, String value, String expected) {
        found.add(new Found(line, source + ":" + line + ": " + key + ": " + value + " (expected: " + expected + ")"));
    }

    void unknownKey(int line, String key, List<String> known) {
        found.add(new Found(line, source + ":" + line + ": " + key + ": unknown key (expected one of: "
                + String.join(", ", known) + ")"));
    }

    void duplicateKey(int line, String key, int firstLine) {
        found.add(new Found(line, source + ":" + line + ": " + key
                + ": duplicate key (first given on line " + firstLine + ")"));
    }

    void syntax(int line, String message) {
        found.add(new Found(line, source + ":" + line + ": invalid YAML: " + message));
    }

    void flag(String flag, String value, String expected) {
        found.add(new Found(Integer.MAX_VALUE, flag + ": " + value + " (expected: " + expected + ")"));
    }

    void other(String problem) {
        found.add(new Found(0, problem));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<String> list() {
        return found.stream().sorted(Comparator.comparingInt(Found::line)).map(Found::text).toList();
    }
}
