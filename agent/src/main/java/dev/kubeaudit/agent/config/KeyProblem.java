package dev.kubeaudit.agent.config;

import java.util.Objects;

/**
 * A problem with one key's value that the file alone does not show: a certificate that does not
 * load, an address that is not this host's, a directory the agent's user cannot write. {@code key}
 * is the dotted key (or the command-line flag) it comes from, {@code value} what it names (a path,
 * an address), {@code problem} what is wrong and, in parentheses, what to do. {@link KeyLines}
 * shows it with the key's file and line. Immutable.
 */
public record KeyProblem(Severity severity, String key, String value, String problem) {

    /** An error stops start-up (check-config exits 2); a warning is only shown. */
    public enum Severity { ERROR, WARNING }

    public KeyProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(problem, "problem");
        value = String.valueOf(value);
    }

    public static KeyProblem error(String key, Object value, String problem) {
        return new KeyProblem(Severity.ERROR, key, String.valueOf(value), problem);
    }

    public static KeyProblem warning(String key, Object value, String problem) {
        return new KeyProblem(Severity.WARNING, key, String.valueOf(value), problem);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
