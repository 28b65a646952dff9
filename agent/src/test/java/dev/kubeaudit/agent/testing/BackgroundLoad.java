package dev.kubeaudit.agent.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Client threads posting {@link AuditTraffic} batches to 127.0.0.1, each over its own connection,
 * until closed or the agent is gone (20 failed requests in a row; a client pauses 50 ms after
 * each). A batch whose answer never came is not re-sent. Each thread ends after 100,000 batches at
 * the most. Thread-safe.
 */
public final class BackgroundLoad implements AutoCloseable {
    private static final int MAX_FAILURES_IN_A_ROW = 20;
    private static final int MAX_BATCHES = 100_000;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(40);

    private final AuditTraffic traffic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    BackgroundLoad(AuditTraffic traffic, int port, int clients) {
        this.traffic = traffic;
        for (int t = 0; t < clients; t++) {
            Thread thread = new Thread(() -> run(new Webhook(port)), "test-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void run(Webhook webhook) {
        int failures = 0;
        for (int i = 0; i < MAX_BATCHES && running.get() && failures < MAX_FAILURES_IN_A_ROW; i++) {
            try {
                traffic.post(webhook);
                failures = 0;
            } catch (IOException e) {
                failures++;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops posting and waits for the requests in flight to be answered or to fail. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(JOIN_TIMEOUT.toMillis());
            if (t.isAlive()) {
                throw new AssertionError("load client " + t.getName() + " still waiting after " + JOIN_TIMEOUT);
            }
        }
    }
}
