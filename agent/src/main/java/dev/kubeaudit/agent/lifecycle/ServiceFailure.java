package dev.kubeaudit.agent.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's answer to a fatal failure (the agent's, the standalone shipper's): the first one is
 * logged with its cause, every one is counted, and the reactions registered by the started
 * components run once (refuse batches with 503, /readyz false, no more watchdog pings);
 * {@link #future()} then completes so that the command line closes the service and exits with
 * {@link #EXIT_STATUS}. A reaction registered after the failure runs at once. Thread-safe.
 */
public final class ServiceFailure implements FatalFailures {
    /** Exit status after a fatal failure: non-zero, so that systemd (Restart=on-failure) restarts the service. */
    public static final int EXIT_STATUS = 70;
    private static final Logger LOG = LoggerFactory.getLogger(ServiceFailure.class);

    private final String service;
    private final FatalFailures counter;
    private final CompletableFuture<String> future = new CompletableFuture<>();
    private final List<Consumer<String>> reactions = new ArrayList<>();
    private String reason;

    /** {@code counter} counts every report (metrics); {@code service} names the service in the log. */
    public ServiceFailure(String service, FatalFailures counter) {
        this.service = service;
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
        LOG.error("Component '{}' failed and the {} cannot go on without it; it stops and exits with status {} so"
                + " that the service manager restarts it", component, service, EXIT_STATUS, cause);
        run.forEach(this::react);
        future.complete(reason);
    }

    /** Runs {@code reaction} with the failure's description once a failure happens (at once if it has). */
    public void onFailure(Consumer<String> reaction) {
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

    public synchronized boolean failed() {
        return reason != null;
    }

    /** Completes with a description of the first failure. */
    public CompletableFuture<String> future() {
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
