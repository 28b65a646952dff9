package dev.kubeaudit.agent.policy;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in a policy file, at a 1-based line and column, with an optional hint on how
 * to fix it. Printed as {@code FILE:LINE:COLUMN: error: message}, the hint on the next line.
 * Immutable.
 */
public record Finding(Severity severity, int line, int column, String message, String hint) {
    /** Errors make kube-apiserver (and the agent) refuse the policy; warnings point at likely mistakes. */
    public enum Severity { ERROR, WARNING }

    /** File order, then errors before warnings. */
    public static final Comparator<Finding> ORDER = Comparator.comparingInt(Finding::line)
            .thenComparingInt(Finding::column).thenComparing(Finding::severity);

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Finding error(int line, int column, String message) {
        return new Finding(Severity.ERROR, line, column, message, null);
    }

    public static Finding warning(int line, int column, String message) {
        return new Finding(Severity.WARNING, line, column, message, null);
    }

    public Finding withHint(String newHint) {
        return new Finding(severity, line, column, message, newHint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE:COLUMN: error: message}, then {@code   hint: …} on its own line when there is one. */
    public String format(String file) {
        String text = file + ":" + line + ":" + column + ": " + (isError() ? "error" : "warning") + ": " + message;
        return hint == null ? text : text + "\n    hint: " + hint;
    }
}
