package dev.kubeaudit.agent.cli;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a started service running until SIGTERM/SIGINT, then closes it from the JVM's shutdown
 * hook; or until the service fails for good, then closes it and returns the failure's exit status.
 */
final class UntilStopped {
    private UntilStopped() {
    }

    /**
     * Blocks until the JVM shuts down and {@code service} is closed, then returns 0; when
     * {@code failure} completes first, closes {@code service} and returns {@code failureStatus}
     * (the caller exits with it).
     */
    static int await(Closeable service, String name, CompletableFuture<?> failure, int failureStatus)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close(service, name);
            stopped.countDown();
            wake.countDown();
        }, "audit-" + name + "-shutdown"));
        failure.whenComplete((reason, e) -> wake.countDown());
        wake.await();
        if (!failure.isDone()) {
            stopped.await();
            return 0;
        }
        System.err.println("The " + name + " failed (" + failure.getNow(null) + "): stopping");
        close(service, name);
        return failureStatus;
    }

    private static void close(Closeable service, String name) {
        try {
            service.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("Stop of the " + name + " failed: " + e);
        }
    }
}
