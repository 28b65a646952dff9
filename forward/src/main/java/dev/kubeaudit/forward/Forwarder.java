package dev.kubeaudit.forward;

import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalConsumer;
import dev.kubeaudit.agent.journal.JournalEntry;
import dev.kubeaudit.agent.lifecycle.CoreThread;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Forwards the journal to one destination on its own thread: reads the destination's journal
 * consumer entry by entry, sends each entry as one or more batches ({@link EventChunks}) and
 * commits the entry once the destination acknowledged all of them; a failed batch is sent again,
 * unchanged, after a {@link Backoff} (or the receiver's Retry-After when longer), for as long as
 * it takes: each attempt is bounded by the destination's own timeout, the whole is not. When the
 * journal skipped the destination ahead past the entry meanwhile (its backlog passed maxBacklog),
 * the rest of the entry is given up, counted as dropped ({@link ForwardListener#gaveUp}; the skip
 * itself counts only the entries after it), and reading goes on after the new position. Delivery
 * is at least once: an entry sent but not committed when the agent stops or crashes is sent again,
 * batch by batch identical, after the next start.
 *
 * <p>{@link #close()} stops the thread promptly: it ends a backoff at once, closes the destination
 * (which ends a send in progress) and interrupts the thread only if it still runs after a few
 * seconds; idempotent. The thread ending otherwise is reported to
 * {@code fatal} ({@link CoreThread}). Thread-safe.
 */
final class Forwarder implements AutoCloseable {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long {@link #close()} waits for the thread after closing the destination before interrupting it. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private final String name;
    private final Destination destination;
    private final Journal journal;
    private final EventChunks chunks;
    private final Backoff backoff;
    private final ForwardListener listener;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;
    private boolean closed;   // guarded by this

    Forwarder(String name, Destination destination, Journal journal, EventChunks chunks, Backoff backoff,
              ForwardListener listener, FatalFailures fatal) {
        this.name = name;
        this.destination = destination;
        this.journal = journal;
        this.chunks = chunks;
        this.backoff = backoff;
        this.listener = listener;
        this.thread = CoreThread.of("forward-" + name, true, fatal, () -> stopping, this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try (JournalConsumer consumer = journal.consumer(name)) {
            while (!stopping) {
                JournalEntry entry = consumer.next();
                if (entry == null) {
                    consumer.awaitNext(IDLE_NANOS);
                } else if (deliver(consumer, entry)) {
                    consumer.commit(entry.index());
                }
            }
        }
    }

    /**
     * Sends every batch of {@code entry}; false when stopping or when a skip-ahead passed the entry
     * meanwhile. The skip did not count the entry (it had been handed out), so what is given up of
     * it, the batches not acknowledged, is counted as dropped here: every event of it is counted
     * once, as sent or as dropped. Stopping with it unfinished hands it back to the journal (a later
     * skip counts it; otherwise it is sent again after the next start).
     */
    private boolean deliver(JournalConsumer consumer, JournalEntry entry) {
        List<List<ForwardedEvent>> batches = chunks.split(entry.batch());
        for (int i = 0; i < batches.size(); i++) {
            for (int attempt = 0; ; attempt++) {
                if (consumer.committedIndex() >= entry.index()) {
                    gaveUp(batches.subList(i, batches.size()));
                    return false;
                }
                if (stopping) {
                    if (consumer.handBack(entry.index())) {
                        gaveUp(batches.subList(i, batches.size()));
                    }
                    return false;
                }
                if (send(batches.get(i), attempt)) {
                    break;
                }
            }
        }
        return true;
    }

    private void gaveUp(List<List<ForwardedEvent>> batches) {
        long events = 0;
        long bytes = 0;
        for (List<ForwardedEvent> batch : batches) {
            events += batch.size();
            bytes += EventChunks.bytes(batch);
        }
        listener.gaveUp(name, events, bytes);
    }

    /** One attempt; after a failure waits its backoff (or until stopped) and returns false. */
    private boolean send(List<ForwardedEvent> batch, int attempt) {
        Exception failure;
        String reason;
        boolean retriable;
        Duration asked = Duration.ZERO;
        try {
            destination.send(batch);
            listener.sent(name, batch.size(), EventChunks.bytes(batch));
            return true;
        } catch (DeliveryException e) {
            if (stopping) {
                return false;   // ended by close(): no failure of the destination's
            }
            failure = e;
            reason = e.reason();
            retriable = e.retriable();
            asked = e.retryAfter().orElse(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;   // only close() interrupts: stopping is set
        } catch (RuntimeException e) {
            if (stopping) {
                return false;   // the destination was closed under the send
            }
            failure = e;
            reason = "error";
            retriable = false;
        }
        Duration backoffWait = backoff.after(attempt, retriable);
        Duration wait = asked.compareTo(backoffWait) > 0 ? asked : backoffWait;   // the receiver's Retry-After
        listener.failed(name, reason, failure, wait.toMillis());
        try {
            stop.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return false;
        }
        if (!stopping) {
            journal.skipAhead(name);   // an age bound passes while nothing new arrives, too
        }
        return false;
    }

    /** Stops the thread (interrupting a send or a backoff), waits for it, then closes the destination. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopping = true;
        stop.countDown();
        destination.close();   // ends a send in progress within the destination's own close timeout
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();   // a send that did not end with its destination: interrupt its wait
            CoreThread.awaitEnd(thread);
        }
    }
}
