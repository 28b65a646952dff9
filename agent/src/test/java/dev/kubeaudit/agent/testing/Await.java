package dev.kubeaudit.agent.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting with a deadline instead of a bare sleep. */
public final class Await {
    private Await() {
    }

    /** Polls {@code condition} every 10 ms until it holds; fails with {@code what} after {@code timeout}. */
    public static void awaitUntil(Duration timeout, BooleanSupplier condition, String what) {
        if (!holdsWithin(timeout, Duration.ofMillis(10), condition)) {
            throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
        }
    }

    /**
     * Polls {@code condition} every {@code interval} until it holds or {@code timeout} passed; whether
     * it held. For tests whose own assertions then say what is wrong.
     */
    public static boolean holdsWithin(Duration timeout, Duration interval, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting", e);
            }
        }
        return true;
    }
}
