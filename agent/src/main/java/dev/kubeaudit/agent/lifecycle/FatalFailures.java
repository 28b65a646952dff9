package dev.kubeaudit.agent.lifecycle;

/**
 * Where a core component reports that it can no longer do its job: its thread ended unexpectedly
 * (an {@link Error}, an interrupt, an exception nobody handles) or the disk refused to force what
 * was acknowledged. The agent then turns unhealthy, stops pinging the watchdog and exits non-zero;
 * the journal makes the restart safe. Implementations are thread-safe and return quickly.
 */
@FunctionalInterface
public interface FatalFailures {

    /** For components used on their own (tests, tools): the failure is only in the component's own state. */
    FatalFailures NONE = (component, cause) -> { };

    /** {@code component} (a thread or component name) can no longer work because of {@code cause}. */
    void report(String component, Throwable cause);
}
