package dev.kubeaudit.agent.policy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the policy in force in step with its file. {@link #load} reads it once (a file with
 * errors stops there); {@link #start} then re-reads it on SIGHUP and whenever its modification
 * time, size or identity (a replaced file, a moved symbolic link) changes, checked every
 * {@code interval}. A new file with errors, or one that cannot be read, leaves the previous policy
 * in force and goes to {@link PolicyListener#reloadFailed}. One thread, "policy-reload", does
 * every check. Thread-safe; close is idempotent and stops the thread.
 */
public final class PolicyReloader implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyReloader.class);
    private static final String CHANGE = "a change of the file";

    private final Path file;
    private final PolicyListener listener;
    private volatile Policy policy;
    private Object signature;
    private ScheduledExecutorService executor;
    private Consumer<Policy> target;
    private boolean closed;

    private PolicyReloader(Path file, PolicyListener listener, Policy policy, Object signature) {
        this.file = file;
        this.listener = listener;
        this.policy = policy;
        this.signature = signature;
    }

    /** Reads the policy in {@code file}; its errors are a PolicyException, its warnings are logged. */
    public static PolicyReloader load(Path file, PolicyListener listener) throws IOException, PolicyException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(listener, "listener");
        Object signature = signature(file);
        PolicyFile.Read read = PolicyFile.read(file);
        if (read.policy() == null) {
            throw PolicyException.of(read.file(), read.errors());
        }
        logWarnings(read);
        listener.loaded(file, read.policy().rules().size());
        LOG.info("Applying audit policy '{}' ({} rules) to received events", file, read.policy().rules().size());
        return new PolicyReloader(file, listener, read.policy(), signature);
    }

    /** The policy in force. */
    public Policy policy() {
        return policy;
    }

    /** Starts watching: each new valid policy is handed to {@code newPolicy} (the sink's replace). */
    public synchronized void start(Consumer<Policy> newPolicy, Duration interval) {
        if (executor != null || closed) {
            throw new IllegalStateException("policy reloader for " + file + " already started or closed");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
        this.target = Objects.requireNonNull(newPolicy, "newPolicy");
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "policy-reload");
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = pool;
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> check(false, CHANGE), millis, millis, TimeUnit.MILLISECONDS);
        HangUpSignal.register(this);
    }

    /** Re-reads the file now, changed or not, as SIGHUP does; completes with whether a new policy is in force. */
    public CompletableFuture<Boolean> reload() {
        return reload("a reload request");
    }

    CompletableFuture<Boolean> reload(String cause) {
        return onReloadThread(true, cause);
    }

    /** Does now, on the reload thread, what each periodic check does: re-reads the file only if it changed. */
    CompletableFuture<Boolean> checkForChange() {
        return onReloadThread(false, CHANGE);
    }

    private CompletableFuture<Boolean> onReloadThread(boolean force, String cause) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        synchronized (this) {
            if (executor == null || closed) {
                done.complete(false);
                return done;
            }
            executor.execute(() -> done.complete(check(force, cause)));
        }
        return done;
    }

    /** On the reload thread only. */
    private boolean check(boolean force, String cause) {
        Object now = signature(file);
        if (!force && now.equals(signature)) {
            return false;
        }
        signature = now;
        try {
            PolicyFile.Read read = PolicyFile.read(file);
            if (read.policy() == null) {
                listener.reloadFailed(file, String.join("\n", read.errors().stream().map(f -> f.format(read.file())).toList()));
                return false;
            }
            logWarnings(read);
            policy = read.policy();
            target.accept(read.policy());
            listener.loaded(file, read.policy().rules().size());
            LOG.info("Reloaded audit policy '{}' ({} rules) after {}", file, read.policy().rules().size(), cause);
            return true;
        } catch (IOException | RuntimeException e) {
            listener.reloadFailed(file, e.getMessage());
            return false;
        }
    }

    private static void logWarnings(PolicyFile.Read read) {
        List<Finding> warnings = read.warnings();
        for (Finding w : warnings) {
            LOG.warn("Audit policy warning: {}", w.format(read.file()).replace("\n    ", " "));
        }
    }

    /** What tells a changed file: modification time, size and file key; a file that cannot be read gives its error. */
    private static Object signature(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "unreadable: " + e.getClass().getSimpleName();
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = executor;
        }
        HangUpSignal.unregister(this);
        if (toStop != null) {
            toStop.shutdownNow();
            try {
                toStop.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
