package dev.kubeaudit.agent.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, each formatted as
 * {@code FILE:LINE: key.path: value (expected: …)} (or {@code --flag: value (expected: …)});
 * the message is all of them, one per line. Immutable.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", requireSome(problems)));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order found (file order, then flags). Never empty. */
    public List<String> problems() {
        return problems;
    }

    private static List<String> requireSome(List<String> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("problems: " + problems + " (expected: at least one)");
        }
        return problems;
    }
}
