package dev.kubeaudit.dist;

import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Client threads posting {@link RealBatches} to the webhook on 127.0.0.1, each over its own
 * connection, each batch re-sent (same body) until it is answered 200, as kube-apiserver's webhook
 * backend retries: a batch journaled just before a crash and re-sent after the restart must still be
 * written once (the journal's de-duplication window is rebuilt at start). A batch not acknowledged
 * within {@code giveUpAfter} is given up and reported by {@link #close()}. Thread-safe.
 */
final class ResendingLoad implements AutoCloseable {
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(100);
    private static final Duration PAUSE_BETWEEN_BATCHES = Duration.ofMillis(20);

    private final RealBatches batches;
    private final int eventsPerBatch;
    private final Duration giveUpAfter;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger resends = new AtomicInteger();
    private final AtomicInteger acknowledgedBatches = new AtomicInteger();
    private final List<String> givenUp = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    ResendingLoad(RealBatches batches, int eventsPerBatch, int port, int clients, Duration giveUpAfter) {
        this.batches = batches;
        this.eventsPerBatch = eventsPerBatch;
        this.giveUpAfter = giveUpAfter;
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> run(new Webhook(port)), "resending-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Posts {@code batch} until it is answered 200 or {@code giveUpAfter} passed; the failed attempts
     * (status or exception) in order, empty when the first one was acknowledged.
     */
    static List<String> postUntilAcknowledged(Webhook webhook, RealBatches.Batch batch, Duration giveUpAfter)
            throws InterruptedException {
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = webhook.post(batch.body());
                if (response.statusCode() == 200) {
                    return failures;
                }
                failures.add(response.statusCode() + " " + response.body().strip());
            } catch (IOException e) {
                failures.add(e.toString());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("batch of " + batch.auditIds().size() + " events not acknowledged within "
                        + giveUpAfter + "; attempts: " + failures);
            }
            LockSupport.parkNanos(PAUSE_AFTER_FAILURE.toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void run(Webhook webhook) {
        while (running.get()) {
            RealBatches.Batch batch = batches.next(eventsPerBatch);
            try {
                resends.addAndGet(postUntilAcknowledged(webhook, batch, giveUpAfter).size());
                acknowledged.addAll(batch.auditIds());
                acknowledgedBatches.incrementAndGet();
            } catch (AssertionError e) {
                givenUp.add(e.getMessage());
                return;
            } catch (InterruptedException e) {
                return;
            }
            LockSupport.parkNanos(PAUSE_BETWEEN_BATCHES.toNanos());
        }
    }

    /** The auditIDs of every batch answered 200 so far. */
    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    int acknowledgedBatches() {
        return acknowledgedBatches.get();
    }

    /** Requests that were not answered 200 and were sent again. */
    int resends() {
        return resends.get();
    }

    /**
     * Starts no new batch, waits until each client's last batch is acknowledged; fails when a batch
     * was given up or a client is still waiting past {@code giveUpAfter} (plus a request's timeout).
     */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        long joinMillis = giveUpAfter.plusSeconds(40).toMillis();
        for (Thread t : threads) {
            t.join(joinMillis);
            if (t.isAlive()) {
                t.interrupt();
                throw new AssertionError(t.getName() + " still waiting after " + joinMillis + " ms");
            }
        }
        if (!givenUp.isEmpty()) {
            throw new AssertionError("batches given up: " + givenUp);
        }
    }
}
