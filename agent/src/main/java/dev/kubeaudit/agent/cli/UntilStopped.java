package dev.kubeaudit.agent.cli;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/** Keeps a started service running until SIGTERM/SIGINT, then closes it from the JVM's shutdown hook. */
final class UntilStopped {
    private UntilStopped() {
    }

    /** Blocks until the JVM shuts down and {@code service} is closed; returns 0. */
    static int await(Closeable service, String name) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("Stop of the " + name + " failed: " + e);
            }
            stopped.countDown();
        }, "audit-" + name + "-shutdown"));
        stopped.await();
        return 0;
    }
}
