package dev.kubeaudit.agent.logfile;

import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Appends whole lines to one log file ({@code audit.log}) and rotates it as kube-apiserver's log
 * backend does with lumberjack v2.2.1.
 *
 * <p><b>Active file.</b> {@link #open} creates the file (mode 0600; missing directories 0700) or
 * appends to the existing one. Every file it creates, every backup found at open and the temp file
 * of a compressed twin get the mode and group of {@link LogFileSettings#access()} (0640 also adds
 * group read and search to the directory); a backup takes the mode of the file it was. Writes are
 * buffered (256 KiB, off-heap) and reach the OS on {@link #flush}, the disk on {@link #sync}, at
 * rotation and at {@link #close}. A line is never split across files.
 *
 * <p><b>Rotation by size.</b> Before a line that would take the active file past
 * {@code maxBytes} (size + line &gt; max) the file is rotated; 0 means never by size. On the first
 * write after open the rule is lumberjack's {@code openExistingOrNew}: size + line &gt;= max
 * rotates. A line longer than {@code maxBytes} is not dropped (lumberjack drops it): it is written
 * alone into a fresh file, reported through {@link LogFileListener#oversizeLine}, and the next line
 * rotates again. An empty active file is never rotated.
 *
 * <p><b>Rotation by age.</b> With a non-zero {@code rotateInterval}, {@link #tick} rotates a
 * non-empty active file once that long has passed since it was opened or created.
 *
 * <p><b>Rotating</b> flushes and forces the file, renames it (never replacing anything) to
 * {@code <stem>-<UTC yyyy-MM-dd'T'HH-mm-ss.SSS><ext>} for the clock's current time, or the next
 * free millisecond when that name in any form exists or is not later than the newest backup;
 * creates a new empty active file, syncs the directory, then runs the {@link BackupRecorder}
 * step (the writer's checkpoint) and calls {@link LogFileListener#rotated} on the writing thread,
 * and only then queues the backup's compression and a retention pass.
 *
 * <p><b>Compression</b> (gzip or zstd) runs on the background thread: hidden temp file, fsync,
 * rename to {@code ….log.gz} / {@code ….log.zst}, directory fsync, deletion of the plain backup,
 * then {@link LogFileListener#segmentFinal}. Without compression a backup is final at rotation.
 * {@link #open} deletes stale temp files, replaces a plain backup that has a complete compressed
 * twin by the twin, and queues compression of plain backups when compression is on.
 *
 * <p><b>Retention</b> runs on the background thread after each rotation, at open and at least once
 * a minute from {@link #tick}: {@code maxBackups} keeps the newest N backups by name timestamp (a
 * plain backup and its compressed twin count once), {@code maxAgeDays} removes those whose name
 * timestamp is more than N × 24 h old; 0 means no limit. A backup is deleted only if the
 * {@code mayDelete} predicate accepts it, else {@link LogFileListener#retentionHeld}. Files that do
 * not match the backup pattern, the active file and temp files are never touched.
 *
 * <p><b>Failures</b> of background work go to {@link LogFileListener#backgroundFailure} and are
 * retried at the next tick or rotation; they never reach the writer.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: one writing thread owns the instance and calls every
 * method. Compression and retention run on one internal background thread, stopped by
 * {@link #close}; work queued but not started then is resumed at the next open.
 */
public final class RotatingLogFile implements Closeable {
    static final String ROTATED = "log-rotated";
    private static final int BUFFER_BYTES = 256 * 1024;
    private static final Duration RETENTION_PERIOD = Duration.ofMinutes(1);

    private final LogFileSettings settings;
    private final Path file;
    private final Path dir;
    private final Clock clock;
    private final LogFileListener listener;
    private final BackupRecorder recorder;
    private final Housekeeper housekeeper;
    private final LogFilePermissions permissions;
    // Direct, so that a write hands it to the OS without the JDK's copy into a temporary direct buffer.
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private FileChannel channel;
    private long size;
    private boolean firstWrite = true;
    private Instant openedAt;
    private Instant retentionQueuedAt;
    private boolean closed;

    private RotatingLogFile(LogFileSettings settings, Clock clock, LogFileListener listener, BackupRecorder recorder,
            Housekeeper housekeeper, FileChannel channel, LogFilePermissions permissions) throws IOException {
        this.settings = settings;
        this.permissions = permissions;
        this.file = settings.file();
        this.dir = BackupNames.directory(file);
        this.clock = clock;
        this.listener = listener;
        this.recorder = recorder;
        this.housekeeper = housekeeper;
        this.channel = channel;
        this.size = channel.size();
        this.openedAt = clock.instant();
        this.retentionQueuedAt = openedAt;
    }

    /** Opens (or creates) the active file, cleans up and resumes interrupted background work. */
    public static RotatingLogFile open(LogFileSettings s, Clock clock, LogFileListener listener,
            Predicate<Path> mayDelete) throws IOException {
        return open(s, clock, listener, mayDelete, BackupRecorder.NONE, FatalFailures.NONE);
    }

    /**
     * As above, with the durable step every rotation runs ({@code recorder}) and where the
     * background thread reports an Error that ends its work ({@code fatal}).
     */
    public static RotatingLogFile open(LogFileSettings s, Clock clock, LogFileListener listener,
            Predicate<Path> mayDelete, BackupRecorder recorder, FatalFailures fatal) throws IOException {
        Objects.requireNonNull(s, "settings");
        Objects.requireNonNull(recorder, "recorder");
        Objects.requireNonNull(fatal, "fatal");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(mayDelete, "mayDelete");
        Path dir = BackupNames.directory(s.file());
        DurableFiles.createPrivateDirectories(dir);
        LogFilePermissions permissions = LogFilePermissions.of(s.access(), dir);
        permissions.directory(dir);
        LogDirectory.deleteStaleTemps(s.file());
        permissions.backups(BackupNames.list(s.file()));
        FileChannel channel = openActive(s.file(), permissions);
        Housekeeper housekeeper = new Housekeeper(s, clock, listener, mayDelete, fatal, permissions);
        try {
            RotatingLogFile log = new RotatingLogFile(s, clock, listener, recorder, housekeeper, channel, permissions);
            log.resumeBackgroundWork();
            return log;
        } catch (IOException | RuntimeException e) {
            housekeeper.close();
            channel.close();
            throw e;
        }
    }

    /** Appends one whole line ({@code '\n'}-terminated), rotating before it when due. */
    public void write(byte[] line, int off, int len) throws IOException {
        requireOpen();
        Objects.checkFromIndexSize(off, len, line.length);
        if (len == 0 || line[off + len - 1] != '\n') {
            throw new IllegalArgumentException("line: " + len + " bytes not ending in '\\n' (expected: one whole line)");
        }
        beforeLine(len);
        append(line, off, len);
        size += len;
    }

    /**
     * Appends {@code content[off, off + len)} followed by {@code '\n'} as one whole line, rotating
     * before it when due. The content must not hold a newline (a journaled event never does).
     */
    public void writeLine(byte[] content, int off, int len) throws IOException {
        requireOpen();
        Objects.checkFromIndexSize(off, len, content.length);
        beforeLine(len + 1L);
        append(content, off, len);
        if (!buffer.hasRemaining()) {
            drain();
        }
        buffer.put((byte) '\n');
        size += len + 1L;
    }

    private void beforeLine(long len) throws IOException {
        activeChannel();
        if (rotationDue(len)) {
            rotate();
        }
        firstWrite = false;
        if (settings.maxBytes() > 0 && len > settings.maxBytes()) {
            listener.oversizeLine(len);
        }
    }

    /** Hands buffered bytes to the OS. */
    public void flush() throws IOException {
        requireOpen();
        drain();
    }

    /** Hands buffered bytes to the OS and forces them to disk. */
    public void sync() throws IOException {
        flush();
        force();
    }

    /** Bytes of the active file, buffered ones included. */
    public long size() {
        return size;
    }

    /** The path of the active file. */
    public Path activeFile() {
        return file;
    }

    /** Rotates a non-empty file older than rotateInterval; queues retention at least once a minute and retries failed work. */
    public void tick() throws IOException {
        requireOpen();
        activeChannel();
        Instant now = clock.instant();
        Duration interval = settings.rotateInterval();
        if (!interval.isZero() && size > 0 && !now.isBefore(openedAt.plus(interval))) {
            rotate();
            return;
        }
        if (Duration.between(retentionQueuedAt, now).abs().compareTo(RETENTION_PERIOD) >= 0) {
            queueRetention(now);
        }
        housekeeper.retryFailed();
    }

    /** Waits until queued compression and retention are done, or {@code timeout} has passed. */
    public void awaitBackgroundIdle(Duration timeout) {
        housekeeper.awaitIdle(timeout);
    }

    /** Flushes, forces and closes the active file and stops the background thread. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (housekeeper) {
            try {
                drain();
                force();
            } finally {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }

    private boolean rotationDue(long len) {
        long max = settings.maxBytes();
        if (max == 0 || size == 0) {
            return false;
        }
        return firstWrite ? size + len >= max : size + len > max;
    }

    private void rotate() throws IOException {
        drain();
        force();
        Instant now = clock.instant();
        Path backup = BackupNames.freeBackupFor(file, now);
        try {
            Files.move(file, backup);
        } catch (IOException e) {
            throw new IOException("Rename of " + file + " to " + backup + " failed", e);
        }
        CrashPoint.reach(ROTATED);
        replaceChannel();
        DurableFiles.forceDirectory(dir);
        recorder.record(backup);
        listener.rotated(backup);
        housekeeper.settle(backup, true);
        queueRetention(now);
        housekeeper.retryFailed();
    }

    private void replaceChannel() throws IOException {
        FileChannel old = channel;
        channel = null;
        old.close();
        channel = openActive(file, permissions);
        size = channel.size();
        openedAt = clock.instant();
        firstWrite = false;
    }

    private void append(byte[] line, int off, int len) throws IOException {
        if (len > buffer.remaining()) {
            drain();
        }
        if (len > buffer.capacity()) {
            writeFully(ByteBuffer.wrap(line, off, len));
        } else {
            buffer.put(line, off, len);
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        try {
            writeFully(buffer);
        } finally {
            buffer.compact();
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        FileChannel target = activeChannel();
        try {
            while (bytes.hasRemaining()) {
                target.write(bytes);
            }
        } catch (IOException e) {
            throw new IOException("Write to " + file + " failed", e);
        }
    }

    private void force() throws IOException {
        DurableFiles.force(activeChannel(), file);
    }

    /** The active file's channel, reopened if a failed rotation left none (the buffer is empty then). */
    private FileChannel activeChannel() throws IOException {
        if (channel == null) {
            channel = openActive(file, permissions);
            size = channel.size();
            openedAt = clock.instant();
        }
        return channel;
    }

    private void queueRetention(Instant now) {
        retentionQueuedAt = now;
        housekeeper.applyRetention();
    }

    private void resumeBackgroundWork() throws IOException {
        for (Backup b : BackupNames.list(file)) {
            if (b.compression() == Compression.NONE && (settings.compression() != Compression.NONE || hasTwin(b.path()))) {
                housekeeper.settle(b.path(), false);
            }
        }
        housekeeper.applyRetention();
    }

    private static boolean hasTwin(Path plain) {
        return Files.exists(BackupNames.compressed(plain, Compression.GZIP))
                || Files.exists(BackupNames.compressed(plain, Compression.ZSTD));
    }

    /** Opens (or creates, 0600) the active file and gives it the configured mode and group. */
    private static FileChannel openActive(Path file, LogFilePermissions permissions) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    DurableFiles.privateFileMode(BackupNames.directory(file)));
        } catch (IOException e) {
            throw new IOException("Open of log file " + file + " failed", e);
        }
        try {
            permissions.file(file);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Log file " + file + " is closed");
        }
    }
}
