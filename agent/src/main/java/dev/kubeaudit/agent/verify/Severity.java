package dev.kubeaudit.agent.verify;

import java.util.Locale;

/**
 * How much a finding weighs: a {@code FAILURE} shows the archive is not what the agent sealed
 * (exit 1); {@code INCOMPLETE} means part of it could not be verified, or not recently enough
 * (exit 2); a {@code WARNING} is reported but leaves the result clean (exit 0).
 */
public enum Severity {
    FAILURE(1),
    INCOMPLETE(2),
    WARNING(0);

    private final int exitCode;

    Severity(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The exit status of a run whose worst finding has this severity. */
    public int exitCode() {
        return exitCode;
    }

    /** As written in the output: {@code failure}, {@code incomplete}, {@code warning}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
