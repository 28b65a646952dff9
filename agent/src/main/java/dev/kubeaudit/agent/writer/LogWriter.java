package dev.kubeaudit.agent.writer;

import dev.kubeaudit.agent.FaultPoint;
import dev.kubeaudit.agent.integrity.SegmentRange;
import dev.kubeaudit.agent.journal.JournalTailer;
import dev.kubeaudit.agent.lifecycle.CoreThread;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.logfile.Backup;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.logfile.LogFileListener;
import dev.kubeaudit.agent.logfile.LogFileSettings;
import dev.kubeaudit.agent.logfile.RotatingLogFile;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the journal into audit.log, in journal order, each event exactly once.
 *
 * <p>One thread ("audit-log-writer") owns the tailer, the {@link RotatingLogFile} and the
 * {@link Checkpoint}. The checkpoint is made durable (log forced first) about once a second, after
 * 8 MiB, at every rotation (before the backup may be compressed) and at close; only then is the
 * journal told the lines are consumed. After a crash, start-up re-reads the lines written after
 * the checkpoint ({@link TailRecovery}): those that equal what the journal says come next are
 * kept, anything else (a torn last line) is cut, and writing resumes behind them. So no line is
 * lost, doubled or torn whatever moment the process dies.
 *
 * <p>A rotation is recorded in the checkpoint as a step of its own ({@link #recordRotation}), after
 * the rename and before the backup may be compressed, announced final or shipped. In the same step,
 * first, the {@link IntegrityRecorder} records the backup's journal range (the indexes of the
 * batches holding its first and last line, followed in {@link ActiveRange} and kept in the
 * checkpoint across restarts). A lost journal tail found at recovery is recorded by it too, before
 * writing resumes.
 *
 * <p>Failures (disk full, I/O errors) go to the listener; the writer then recovers from its
 * checkpoint and retries with a growing pause (0.1 s to 30 s). The first recovery is different:
 * {@link #recovered()} completes when it is done (shipping waits for it) and fails with its
 * exception, which ends the writer. An Error, an interrupt or any other end of the thread while
 * not stopping is reported to {@link FatalFailures}. Public methods are thread-safe.
 */
public final class LogWriter implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
    private static final long CHECKPOINT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CHECKPOINT_BYTES = 8L << 20;
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int LINES_PER_ROUND = 4096;
    /** Longest idle wait: the journal wakes the writer as batches arrive; this bounds ticks and checkpoints. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final String THREAD_NAME = "audit-log-writer";

    /** Where and how to write. */
    public record Settings(LogFileSettings file, boolean legacyFormat, Path checkpointFile) {
    }

    private final Settings settings;
    private final Clock clock;
    private final Supplier<JournalTailer> tailers;
    private final LogWriterListener listener;
    private final LogFileListener fileListener;
    private final Predicate<Path> mayDelete;
    private final FatalFailures fatal;
    private final IntegrityRecorder integrity;
    private final Thread thread;
    private final CompletableFuture<Void> recovered = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile boolean paused;
    private volatile boolean caughtUp;

    // Writer-thread state.
    private JournalTailer tailer;
    private RotatingLogFile log;
    private Cursor cursor;
    private ActiveRange activeRange;
    private long tailLossRecorded = Long.MIN_VALUE;
    private String lastBackup = "";
    private long checkpointedAt;
    private long bytesSinceCheckpoint;
    private long tickedAt;

    private LogWriter(Settings settings, Clock clock, Supplier<JournalTailer> tailers, LogWriterListener listener,
                      LogFileListener fileListener, Predicate<Path> mayDelete, FatalFailures fatal,
                      IntegrityRecorder integrity) {
        this.settings = settings;
        this.clock = clock;
        this.tailers = tailers;
        this.listener = listener;
        this.fileListener = fileListener;
        this.mayDelete = mayDelete;
        this.fatal = fatal;
        this.integrity = integrity;
        this.thread = CoreThread.of(THREAD_NAME, false, fatal, () -> stopping || recovered.isCompletedExceptionally(),
                this::run);
    }

    /**
     * Starts the writer thread. {@code tailers} is called on that thread (journal tailers belong to
     * the thread that uses them); {@code mayDelete} guards retention (the shipper's ledger).
     */
    public static LogWriter start(Settings settings, Clock clock, Supplier<JournalTailer> tailers,
                                  LogWriterListener listener, LogFileListener fileListener,
                                  Predicate<Path> mayDelete) {
        return start(settings, clock, tailers, listener, fileListener, mayDelete, FatalFailures.NONE);
    }

    /** As above; an unexpected end of the writer thread (or of its log file's background thread) goes to {@code fatal}. */
    public static LogWriter start(Settings settings, Clock clock, Supplier<JournalTailer> tailers,
                                  LogWriterListener listener, LogFileListener fileListener,
                                  Predicate<Path> mayDelete, FatalFailures fatal) {
        return start(settings, clock, tailers, listener, fileListener, mayDelete, fatal, IntegrityRecorder.NONE);
    }

    /** As above, recording backup ranges and a lost journal tail through {@code integrity}. */
    public static LogWriter start(Settings settings, Clock clock, Supplier<JournalTailer> tailers,
                                  LogWriterListener listener, LogFileListener fileListener,
                                  Predicate<Path> mayDelete, FatalFailures fatal, IntegrityRecorder integrity) {
        LogWriter writer = new LogWriter(settings, clock, tailers, listener, fileListener, mayDelete, fatal, integrity);
        writer.thread.start();
        return writer;
    }

    /**
     * Completes once the first recovery after start is done and its checkpoint written: from then on
     * every backup in the log directory is recorded in the checkpoint. Fails with the recovery's
     * exception (the writer then stops).
     */
    public CompletableFuture<Void> recovered() {
        return recovered;
    }

    /** Stops writing after the current line until {@link #resume()}; the journal keeps accepting. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        LockSupport.unpark(thread);
    }

    /** True once the writer has found the journal empty since the last write (tests, health). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Stops where it stands: flushes, checkpoints, closes the file. Waits up to {@code timeout};
     * returns false when the thread is still running then (it may still read the journal).
     */
    public boolean close(Duration timeout) {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Log writer did not stop within {}; the checkpoint covers what it wrote", timeout);
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(4));
    }

    private void run() {
        boolean interrupted;
        try {
            interrupted = writeUntilStopped();
        } finally {
            recovered.completeExceptionally(new IllegalStateException("log writer stopped before it recovered"));
            closeLogQuietly();
            if (tailer != null) {
                tailer.close();
            }
        }
        if (interrupted) {
            throw new IllegalStateException("log writer thread interrupted");
        }
    }

    /** Recovers, writes, retries after failures; true when it ended because the thread was interrupted. */
    private boolean writeUntilStopped() {
        long backoffMillis = 100;
        while (!stopping) {
            if (Thread.interrupted()) {
                return true;
            }
            try {
                if (tailer == null) {
                    tailer = tailers.get();
                }
                recover();
                recovered.complete(null);
                backoffMillis = 100;
                loop();
                if (Thread.interrupted()) {
                    return true; // cleared, so that closing the file still works
                }
                finish();
                return false;
            } catch (Exception e) {
                if (!recovered.isDone()) {
                    // The start-up waiting on recovered() reports it, as its one line.
                    LOG.debug("Log writer could not recover from its checkpoint '{}': {}",
                            settings.checkpointFile(), e.toString(), e);
                    recovered.completeExceptionally(e);
                    return false;
                }
                listener.failure(e);
                LOG.error("Log writer failed; it resumes from its checkpoint in {} ms: {}", backoffMillis,
                        e.toString(), e);
                closeLogQuietly();
                sleepMillis(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 30_000);
            }
        }
        return false;
    }

    private void recover() throws IOException {
        Path active = settings.file().file();
        List<Backup> backups = BackupNames.list(active);
        Checkpoint cp = Checkpoint.read(settings.checkpointFile()).orElse(null);
        if (cp == null) {
            cp = Checkpoint.initial(TailRecovery.sizeOf(active), backups.isEmpty() ? "" : plainName(backups.get(0)));
            if (cp.offset() > 0) {
                LOG.info("No checkpoint at '{}': appending after the {} bytes already in '{}'",
                        settings.checkpointFile(), cp.offset(), active);
            }
        }
        cursor = Cursor.at(tailer, cp, new LineFormat(settings.legacyFormat()));
        activeRange = ActiveRange.of(cp);
        if (cursor.tailLost()) {
            tailLost(Math.max(cp.fullIndex(), cp.partialIndex()), active);
        }
        TailRecovery recovery = new TailRecovery(cursor, activeRange);
        lastBackup = cp.lastBackup();
        long offset = cp.offset();
        Backup unrecorded = newerThan(backups, cp.lastBackup(), active);
        if (unrecorded != null) {
            // A rotation happened after the checkpoint: the backup was the active file then.
            recovery.verifyBackup(unrecorded, offset);
            recordRange(plainName(unrecorded));
            lastBackup = plainName(unrecorded);
            offset = 0;
        }
        long activeSize = recovery.verify(active, offset);
        activeRange.size(activeSize);
        listener.recovered(recovery.keptLines(), recovery.cutBytes());
        if (recovery.keptLines() > 0 || recovery.cutBytes() > 0) {
            LOG.info("Recovered after the checkpoint: kept {} lines already written, cut {} bytes",
                    recovery.keptLines(), recovery.cutBytes());
        }
        // Record the recovered position before opening the log file: opening resumes compression
        // of plain backups, and a backup must be in the checkpoint before it can be compressed.
        writeCheckpoint(activeSize);
        log = RotatingLogFile.open(settings.file(), clock, fileListener, mayDelete, this::recordRotation, fatal);
        if (log.size() != activeSize) {
            throw new IllegalStateException("'" + active + "' holds " + log.size() + " bytes after recovery, expected "
                    + activeSize + ": another process writes to it");
        }
    }

    /**
     * Reports the lost tail and records it (once per loss) before anything is written; the active
     * file's indexes are not trusted from now on.
     */
    private void tailLost(long named, Path activeFile) throws IOException {
        LOG.error("The journal lost its tail: the checkpoint '{}' names index {} but the journal ends at index {}"
                        + " (a power loss took pages it had not written back). Lines already in '{}' are kept;"
                        + " writing resumes with the next batch appended", settings.checkpointFile(), named,
                cursor.fullIndex(), activeFile);
        if (tailLossRecorded != named) {
            integrity.tailLost(named, cursor.fullIndex());
            tailLossRecorded = named;
        }
        activeRange.indexesReused();
        listener.tailLost(named, cursor.fullIndex());
    }

    private void loop() throws IOException {
        tickedAt = System.nanoTime();
        while (!stopping) {
            if (Thread.currentThread().isInterrupted()) {
                return; // an interrupt is no way to stop the writer: run() reports it
            }
            if (paused) {
                idle();
                continue;
            }
            int lines = writeAvailable();
            if (lines == 0) {
                caughtUp = true;
                idle();
            } else if (System.nanoTime() - checkpointedAt >= CHECKPOINT_NANOS
                    || bytesSinceCheckpoint >= CHECKPOINT_BYTES) {
                checkpoint();
            }
            if (System.nanoTime() - tickedAt >= TICK_NANOS) {
                tickedAt = System.nanoTime();
                log.tick();
            }
        }
    }

    private int writeAvailable() throws IOException {
        int lines = 0;
        long bytes = 0;
        try {
            while (lines < LINES_PER_ROUND && !stopping && !paused && cursor.next()) {
                caughtUp = false;
                FaultPoint.error(FaultPoint.WRITER_THREAD);
                LineFormat line = cursor.line();
                long index = cursor.lineIndex();
                log.writeLine(line.bytes(), line.offset(), line.length());
                activeRange.line(index);
                cursor.advance();
                lines++;
                bytes += line.length() + 1;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (lines > 0) {
            bytesSinceCheckpoint += bytes;
            listener.written(lines, bytes);
        }
        return lines;
    }

    private void idle() throws IOException {
        // Caught up: the lines go to the file at once, for whoever reads audit.log. The checkpoint
        // (forcing audit.log, replacing the checkpoint file) waits for its second, not for every
        // burst: the journal holds the lines until then anyway.
        if (bytesSinceCheckpoint > 0) {
            if (System.nanoTime() - checkpointedAt >= CHECKPOINT_NANOS) {
                checkpoint();
            } else {
                log.flush();
            }
        }
        if (System.nanoTime() - tickedAt >= TICK_NANOS) {
            tickedAt = System.nanoTime();
            log.tick();
        }
        if (tailer != null && !paused) {
            tailer.awaitNext(IDLE_NANOS);
        } else {
            LockSupport.parkNanos(IDLE_NANOS);
        }
    }

    private void finish() throws IOException {
        checkpoint();
        log.close();
        log = null;
    }

    /** Forces the log, then durably records where the writer stands, then releases the journal. */
    private void checkpoint() throws IOException {
        log.sync();
        writeCheckpoint(log.size());
    }

    private void writeCheckpoint(long activeSize) throws IOException {
        Checkpoint cp = cursor.checkpoint(activeSize, lastBackup, activeRange);
        cp.write(settings.checkpointFile());
        bytesSinceCheckpoint = 0;
        checkpointedAt = System.nanoTime();
        if (cp.fullIndex() >= 0) {
            tailer.consumed(cp.fullIndex());
        }
        listener.checkpointed(cp);
    }

    private static Backup newerThan(List<Backup> newestFirst, String recorded, Path active) {
        if (newestFirst.isEmpty()) {
            return null;
        }
        Backup newest = newestFirst.get(0);
        if (!recorded.isEmpty()) {
            Backup known = BackupNames.parse(active, active.resolveSibling(recorded)).orElse(null);
            if (known != null && !newest.time().isAfter(known.time())) {
                return null;
            }
        }
        return newest;
    }

    private static String plainName(Backup backup) {
        String name = backup.path().getFileName().toString();
        if (name.endsWith(".gz")) {
            return name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".zst")) {
            return name.substring(0, name.length() - 4);
        }
        return name;
    }

    private void closeLogQuietly() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Close of '{}' failed: {}", settings.file().file(), e.toString());
            }
            log = null;
        }
    }

    private void sleepMillis(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!stopping && System.nanoTime() < deadline) {
            LockSupport.parkNanos(deadline - System.nanoTime());
        }
    }

    /**
     * The rotation step: the backup that was the active file gets its journal range recorded, then is
     * recorded in the checkpoint, with the new active file empty, before the backup may be
     * compressed, announced final or shipped.
     */
    private void recordRotation(Path backup) throws IOException {
        recordRange(backup.getFileName().toString());
        lastBackup = backup.getFileName().toString();
        Checkpoint cp = cursor.checkpoint(0, lastBackup, activeRange);
        cp.write(settings.checkpointFile());
        listener.checkpointed(cp);
    }

    /** The active file, now the backup {@code plainName}, gets its range recorded if known; the new one is empty. */
    private void recordRange(String plainName) throws IOException {
        Optional<SegmentRange> range = activeRange.rotated();
        if (range.isPresent()) {
            integrity.backupRange(plainName, range.get());
        }
    }
}
