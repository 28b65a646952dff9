package dev.kubeaudit.agent.lifecycle;

import java.util.function.BooleanSupplier;

/**
 * A thread the agent cannot do without. Its body ends only when its owner stops it; any other
 * end is fatal: an escaping {@link Throwable}, or a return while {@code stopping} is false (an
 * interrupt that the body answered by returning), is reported to {@link FatalFailures}. The
 * thread's name is the component name in reports. Thread-safe.
 */
public final class CoreThread {
    private CoreThread() {
    }

    /** A started-later thread named {@code name} that runs {@code body} and reports an unexpected end. */
    public static Thread of(String name, boolean daemon, FatalFailures fatal, BooleanSupplier stopping, Runnable body) {
        Thread thread = new Thread(guard(name, fatal, stopping, body), name);
        thread.setDaemon(daemon);
        return thread;
    }

    /** {@code body}, reporting to {@code fatal} when it throws or returns while not stopping. */
    public static Runnable guard(String name, FatalFailures fatal, BooleanSupplier stopping, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                fatal.report(name, t);
                return;
            }
            if (!stopping.getAsBoolean()) {
                fatal.report(name, new IllegalStateException("thread '" + name + "' ended while the agent runs"
                        + (Thread.currentThread().isInterrupted() ? " (interrupted)" : "")));
            }
        };
    }

    /**
     * Waits until {@code thread} has ended, whatever interrupts arrive meanwhile (a stopping
     * component must not leave its thread running); the caller's interrupt status is set again
     * afterwards if one arrived.
     */
    public static void awaitEnd(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
