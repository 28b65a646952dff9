package dev.kubeaudit.agent;

import dev.kubeaudit.agent.lifecycle.FatalFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's answer to a fatal failure: the first one is logged with its cause, every one is
 * counted, and the reactions registered by the started components run once (refuse batches with
 * 503, /readyz false, no more watchdog pings); {@link #future()} then completes so that the command
 * line closes the agent and exits non-zero. A reaction registered after the failure runs at once.
 * Thread-safe.
 */
final class AgentFailure implements FatalFailures {
    private static final Logger LOG = LoggerFactory.getLogger(AgentFailure.class);

    private final FatalFailures counter;
    private final CompletableFuture<String> future = new CompletableFuture<>();
    private final List<Consumer<String>> reactions = new ArrayList<>();
    private String reason;

    AgentFailure(FatalFailures counter) {
        this.counter = counter;
    }

    @Override
    public void report(String component, Throwable cause) {
        counter.report(component, cause);
        List<Consumer<String>> run;
        synchronized (this) {
            if (reason != null) {
                LOG.warn("Component '{}' failed too: {}", component, cause.toString());
                return;
            }
            reason = "component '" + component + "' failed: " + cause;
            run = List.copyOf(reactions);
        }
        LOG.error("Component '{}' failed and the agent cannot go on without it; refusing batches with 503 and"
                + " exiting with status {} so that the service manager restarts it", component,
                Agent.FATAL_EXIT_STATUS, cause);
        run.forEach(this::react);
        future.complete(reason);
    }

    /** Runs {@code reaction} with the failure's description once a failure happens (at once if it has). */
    void onFailure(Consumer<String> reaction) {
        String now;
        synchronized (this) {
            now = reason;
            if (now == null) {
                reactions.add(reaction);
                return;
            }
        }
        react(reaction);
    }

    synchronized boolean failed() {
        return reason != null;
    }

    CompletableFuture<String> future() {
        return future;
    }

    private void react(Consumer<String> reaction) {
        String now;
        synchronized (this) {
            now = reason;
        }
        try {
            reaction.accept(now);
        } catch (RuntimeException e) {
            LOG.warn("Reaction to a fatal failure failed: {}", e.toString());
        }
    }
}
