package dev.kubeaudit.agent.logfile;

import dev.kubeaudit.agent.lifecycle.FatalFailures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background thread of a {@link RotatingLogFile}: settles backups (compression, or just
 * announcing them final) and applies retention, one task at a time in submission order. Failures
 * go to {@link LogFileListener#backgroundFailure} and are re-queued by {@link #retryFailed}.
 * Thread-safe: tasks are queued from the writing thread and run on the background thread.
 */
final class Housekeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final String THREAD_NAME = "logfile-housekeeper";

    private final Path activeFile;
    private final Compression compression;
    private final Compressor compressor;
    private final RetentionPolicy retention;
    private final Clock clock;
    private final LogFileListener listener;
    private final Predicate<Path> mayDelete;
    private final FatalFailures fatal;
    private final ThreadPoolExecutor executor;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean retentionQueued = new AtomicBoolean();
    private final AtomicBoolean retentionFailed = new AtomicBoolean();
    private final Set<Path> queued = ConcurrentHashMap.newKeySet();
    private final Map<Path, Boolean> failed = new ConcurrentHashMap<>();

    Housekeeper(LogFileSettings settings, Clock clock, LogFileListener listener, Predicate<Path> mayDelete,
                FatalFailures fatal, LogFilePermissions permissions) {
        this.activeFile = settings.file();
        this.compression = settings.compression();
        this.compressor = compression == Compression.NONE
                ? null
                : new Compressor(compression, settings.compressionLevel(), stopping::get, permissions);
        this.retention = new RetentionPolicy(settings.maxBackups(), settings.maxAgeDays());
        this.clock = clock;
        this.listener = listener;
        this.mayDelete = mayDelete;
        this.fatal = fatal;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, THREAD_NAME + " '" + activeFile.getFileName() + "'");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues settling of the plain backup {@code plain}: a complete compressed twin replaces it; else
     * it is compressed when compression is on; else, if {@code fresh} (just rotated), it is final as is.
     */
    void settle(Path plain, boolean fresh) {
        if (queued.add(plain)) {
            submit(() -> runSettle(plain, fresh));
        }
    }

    /** Queues one retention pass unless one is already waiting. */
    void applyRetention() {
        if (retention.limited() && retentionQueued.compareAndSet(false, true)) {
            submit(this::runRetention);
        }
    }

    /** Queues again whatever failed since the last call. */
    void retryFailed() {
        for (Path plain : Set.copyOf(failed.keySet())) {
            Boolean fresh = failed.remove(plain);
            if (fresh != null) {
                settle(plain, fresh);
            }
        }
        if (retentionFailed.getAndSet(false)) {
            applyRetention();
        }
    }

    /** Waits until everything queued so far has run, or {@code timeout} has passed. */
    void awaitIdle(Duration timeout) {
        try {
            executor.submit(() -> { }).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException | TimeoutException | ExecutionException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops queued work (the next open resumes it), lets a running task stop early, stops the thread. */
    @Override
    public void close() {
        if (stopping.getAndSet(true)) {
            return;
        }
        executor.getQueue().clear();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Queues {@code task}; an Error it throws is fatal (its I/O and runtime failures are handled inside). */
    private void submit(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (Error e) {
                    fatal.report(THREAD_NAME, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Background work for '{}' not queued: stopping", activeFile);
        }
    }

    private void runSettle(Path plain, boolean fresh) {
        queued.remove(plain);
        try {
            settleNow(plain, fresh);
        } catch (IOException | RuntimeException e) {
            if (!stopping.get()) {
                failed.put(plain, fresh);
                report(fresh ? "compress" : "resume", plain, e);
            }
        }
    }

    private void settleNow(Path plain, boolean fresh) throws IOException {
        if (!Files.exists(plain, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Optional<Path> twin = completeTwin(plain);
        if (twin.isPresent()) {
            Files.delete(plain);
            notify(() -> listener.segmentFinal(twin.get()));
        } else if (compressor == null) {
            if (fresh) {
                notify(() -> listener.segmentFinal(plain));
            }
        } else {
            Files.deleteIfExists(BackupNames.compressed(plain, compression));
            compressor.compress(plain).ifPresent(done -> notify(() -> listener.segmentFinal(done)));
        }
    }

    private Optional<Path> completeTwin(Path plain) throws IOException {
        for (Compression c : List.of(Compression.GZIP, Compression.ZSTD)) {
            Path twin = BackupNames.compressed(plain, c);
            if (Files.isRegularFile(twin, LinkOption.NOFOLLOW_LINKS)
                    && Compressor.isComplete(twin, c, Files.size(plain))) {
                return Optional.of(twin);
            }
        }
        return Optional.empty();
    }

    private void runRetention() {
        retentionQueued.set(false);
        try {
            List<Backup> backups = BackupNames.list(activeFile);
            Instant now = clock.instant();
            List<Backup> expired = retention.expired(backups, now);
            List<Backup> deletable = retention.toDelete(backups, now, mayDelete);
            for (Backup b : expired) {
                if (stopping.get()) {
                    return;
                }
                if (deletable.contains(b)) {
                    delete(b.path());
                } else {
                    notify(() -> listener.retentionHeld(b.path()));
                }
            }
        } catch (IOException | RuntimeException e) {
            retentionFailed.set(true);
            report("retention", BackupNames.directory(activeFile), e);
        }
    }

    private void delete(Path backup) {
        try {
            Files.delete(backup);
            notify(() -> listener.deleted(backup));
        } catch (NoSuchFileException e) {
            LOG.debug("Backup '{}' already gone", backup);
        } catch (IOException e) {
            retentionFailed.set(true);
            report("delete", backup, e);
        }
    }

    private void report(String operation, Path path, Exception e) {
        LOG.warn("Background {} of '{}' failed: {}", operation, path, e.toString());
        notify(() -> listener.backgroundFailure(operation, path, e));
    }

    private void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("Log file listener failed on '{}'", activeFile, e);
        }
    }
}
