package dev.kubeaudit.agent.systemd;

import dev.kubeaudit.agent.lifecycle.FatalFailures;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the service is doing (a {@code Type=notify} unit): {@code READY=1} once
 * serving, a {@code STATUS=} line every few seconds, {@code WATCHDOG=1} at half of
 * {@code WATCHDOG_USEC} while {@code alive} says the event loop and the journal are alive, and
 * {@code STOPPING=1} when stopping. {@link #failed} stops the watchdog pings for good and says why
 * in STATUS=. Inert ({@link #NONE}) without {@code NOTIFY_SOCKET}. A send failure is logged once and
 * never stops the service; an exception in a timer task (which would end its timer silently) is
 * reported to {@link FatalFailures}. Thread-safe.
 */
public final class ServiceNotifier implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceNotifier.class);
    /** How often STATUS= is refreshed. */
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);
    /** Inert: no NOTIFY_SOCKET. */
    public static final ServiceNotifier NONE = new ServiceNotifier(null, Duration.ZERO, () -> true, () -> "",
            FatalFailures.NONE);
    static final String COMPONENT = "systemd-notifier";

    private final NotifySocket socket;
    private final Duration watchdogInterval;
    private final BooleanSupplier alive;
    private final Supplier<String> status;
    private final FatalFailures fatal;
    private ScheduledFuture<?> statusTimer;
    private ScheduledFuture<?> watchdogTimer;
    private boolean sendFailureLogged;
    private boolean notAliveLogged;
    private boolean closed;
    private boolean failed;

    private ServiceNotifier(NotifySocket socket, Duration watchdogInterval, BooleanSupplier alive,
                            Supplier<String> status, FatalFailures fatal) {
        this.fatal = fatal;
        this.socket = socket;
        this.watchdogInterval = watchdogInterval;
        this.alive = alive;
        this.status = status;
    }

    /**
     * A notifier for the socket named by {@code NOTIFY_SOCKET} in {@code env}, pinging the watchdog
     * when {@code WATCHDOG_USEC} is set (and {@code WATCHDOG_PID}, when set, is this process);
     * {@link #NONE} without NOTIFY_SOCKET or when the socket cannot be used (logged).
     */
    public static ServiceNotifier fromEnvironment(Map<String, String> env, BooleanSupplier alive,
                                                  Supplier<String> status, FatalFailures fatal) {
        String address = env.get("NOTIFY_SOCKET");
        if (address == null || address.isEmpty()) {
            return NONE;
        }
        try {
            NotifySocket socket = NotifySocket.connect(address);
            Duration watchdog = Watchdog.interval(env, ProcessHandle.current().pid());
            LOG.info("Notifying systemd on '{}'{}", address,
                    watchdog.isZero() ? "" : "; watchdog pings every " + watchdog.toMillis() + " ms");
            return new ServiceNotifier(socket, watchdog, alive, status, fatal);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Not notifying systemd: {}", e.getMessage());
            return NONE;
        }
    }

    /** Sends READY=1 with the first status, and starts the status and watchdog timers. */
    public synchronized void ready() {
        if (socket == null || closed || failed) {
            return;
        }
        send("READY=1\nSTATUS=" + status.get());
        long statusMillis = STATUS_INTERVAL.toMillis();
        statusTimer = socket.eventLoop().scheduleAtFixedRate(guarded(() -> send("STATUS=" + status.get())),
                statusMillis, statusMillis, TimeUnit.MILLISECONDS);
        if (!watchdogInterval.isZero()) {
            long millis = watchdogInterval.toMillis();
            watchdogTimer = socket.eventLoop().scheduleAtFixedRate(guarded(this::watchdog), 0, millis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The service failed for good and is about to exit: no watchdog ping from now on, and
     * {@code STATUS=Failed: reason}. Idempotent.
     */
    public synchronized void failed(String reason) {
        if (socket == null || closed || failed) {
            return;
        }
        failed = true;
        cancelTimers();
        send("STATUS=Failed: " + reason);
    }

    /** A timer task that reports what would otherwise end its timer without a word. */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                fatal.report(COMPONENT, e);
            }
        };
    }

    /** Sends STOPPING=1 and stops the timers; waits up to 2 s for the message to leave. */
    public synchronized void stopping() {
        if (socket == null || closed) {
            return;
        }
        cancelTimers();
        socket.send("STOPPING=1\nSTATUS=Stopping").awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Stops the timers and closes the socket; idempotent. */
    @Override
    public synchronized void close() {
        if (socket == null || closed) {
            return;
        }
        closed = true;
        cancelTimers();
        socket.close();
    }

    private void cancelTimers() {
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {statusTimer, watchdogTimer}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** On the socket's event loop. */
    private void watchdog() {
        if (alive.getAsBoolean()) {
            notAliveLogged = false;
            send("WATCHDOG=1");
        } else if (!notAliveLogged) {
            notAliveLogged = true;
            LOG.error("Not pinging the systemd watchdog: the event loop or the journal is not responding");
        }
    }

    private void send(String message) {
        socket.send(message).addListener(f -> {
            if (!f.isSuccess() && !sendFailureLogged) {
                sendFailureLogged = true;
                LOG.warn("Send to NOTIFY_SOCKET '{}' failed: {}", socket.address(), f.cause().toString());
            }
        });
    }
}
