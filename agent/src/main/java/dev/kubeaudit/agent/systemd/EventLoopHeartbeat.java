package dev.kubeaudit.agent.systemd;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Whether event loops still run tasks: each {@link #getAsBoolean()} checks that every loop ran the
 * probe sent by the previous call, then sends a new one. So a loop blocked for one watchdog
 * interval makes the next check false. Test hook: the system property
 * {@code kubeaudit.blockEventLoopAfter=N} makes the N-th probe block the first loop for good (production
 * never sets it). Thread-safe.
 */
public final class EventLoopHeartbeat implements BooleanSupplier {
    private static final int BLOCK_AFTER = Integer.getInteger("kubeaudit.blockEventLoopAfter", 0);

    private final List<? extends Executor> loops;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();

    public EventLoopHeartbeat(List<? extends Executor> loops) {
        if (loops.isEmpty()) {
            throw new IllegalArgumentException("event loops: none (expected: at least one)");
        }
        this.loops = List.copyOf(loops);
    }

    @Override
    public synchronized boolean getAsBoolean() {
        if (pending.get() > 0) {
            return false;
        }
        boolean block = BLOCK_AFTER > 0 && sent.incrementAndGet() == BLOCK_AFTER;
        pending.set(loops.size());
        for (Executor loop : loops) {
            boolean blockThis = block && loop == loops.get(0);
            try {
                loop.execute(() -> probe(blockThis));
            } catch (RejectedExecutionException e) {
                return false;
            }
        }
        return true;
    }

    private void probe(boolean block) {
        if (block) {
            while (true) {
                LockSupport.park(this);
            }
        }
        pending.decrementAndGet();
    }
}
