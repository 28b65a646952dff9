package dev.kubeaudit.agent.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that read archive objects at once ({@code --parallel}): each task reads one object
 * and reports its own errors as findings, so a task that throws is a bug and fails the run.
 * Thread-safe; {@link #close} stops the threads and is idempotent.
 */
final class ReadPool implements AutoCloseable {

    /** One read; handles its own I/O errors. */
    @FunctionalInterface
    interface Task<T, R> {
        R apply(T item) throws InterruptedException;
    }

    private final ExecutorService threads;

    ReadPool(int size) {
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "verify-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} on each item, at most the pool's size at once; the results in the items' order. */
    <T, R> List<R> map(List<T> items, Task<T, R> task) throws InterruptedException {
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(threads.submit(() -> task.apply(item)));
        }
        List<R> results = new ArrayList<>(items.size());
        try {
            for (Future<R> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("A verification read failed unexpectedly: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        return results;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
