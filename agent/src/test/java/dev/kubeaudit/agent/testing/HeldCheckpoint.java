package dev.kubeaudit.agent.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Holds the log writer's recovery while it reads its checkpoint, as a slow disk would: the
 * checkpoint file becomes a named pipe that hands the writer the saved checkpoint once the writer
 * has opened it and {@code until} holds, or {@code atMost} later. Reads after the first are
 * answered at once; the writer's next checkpoint, renamed over the path, ends the hold. A second
 * link to the pipe, outside journal.dir, lets the test release it whatever happened. Needs
 * {@code mkfifo} (Linux). Thread-safe; one thread of its own.
 */
public final class HeldCheckpoint implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path file;
    private final Path pipe;
    private final byte[] saved;
    private final BooleanSupplier until;
    private final Duration atMost;
    private final AtomicInteger reads = new AtomicInteger();
    private final Thread feeder;
    private volatile boolean closing;

    private HeldCheckpoint(Path file, Path pipe, byte[] saved, BooleanSupplier until, Duration atMost) {
        this.file = file;
        this.pipe = pipe;
        this.saved = saved;
        this.until = until;
        this.atMost = atMost;
        this.feeder = new Thread(this::feed, "held-checkpoint");
        feeder.setDaemon(true);
    }

    /**
     * Replaces the checkpoint {@code file} by a pipe (second link {@code pipe}, on the same file
     * system) that answers the first read once {@code until} holds or {@code atMost} has passed.
     */
    public static HeldCheckpoint hold(Path file, Path pipe, BooleanSupplier until, Duration atMost)
            throws IOException, InterruptedException {
        byte[] saved = Files.readAllBytes(file);
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", pipe.toString()).redirectErrorStream(true).start();
        if (!mkfifo.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || mkfifo.exitValue() != 0) {
            mkfifo.destroyForcibly();
            throw new IOException("mkfifo " + pipe + " failed: "
                    + new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        Files.delete(file);
        Files.createLink(file, pipe);
        HeldCheckpoint held = new HeldCheckpoint(file, pipe, saved, until, atMost);
        held.feeder.start();
        return held;
    }

    /** How often the checkpoint was read through the pipe. */
    public int reads() {
        return reads.get();
    }

    private void feed() {
        boolean first = true;
        while (!closing) {
            try (OutputStream out = Files.newOutputStream(pipe, StandardOpenOption.WRITE)) { // waits for a reader
                if (first) {
                    Await.holdsWithin(atMost, Duration.ofMillis(10), () -> closing || until.getAsBoolean());
                    first = false;
                }
                if (!closing) {
                    reads.incrementAndGet();
                }
                out.write(saved);
            } catch (IOException e) {
                return; // the reader is gone (the agent died)
            }
            if (!stillThePipe()) {
                return;
            }
        }
    }

    private boolean stillThePipe() {
        try {
            return Files.isSameFile(file, pipe);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Releases a feeder still waiting for a reader and, when the agent never replaced the pipe,
     * puts the saved checkpoint back as a plain file. Call once the agent is gone.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        closing = true;
        if (feeder.isAlive()) {
            // Opening a pipe for reading and writing never waits, and lets a waiting writer in.
            try (FileChannel release = FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                feeder.join(STOP_TIMEOUT.toMillis());
            }
        }
        if (feeder.isAlive()) {
            throw new AssertionError("the checkpoint pipe's feeder did not end within " + STOP_TIMEOUT);
        }
        if (stillThePipe()) {
            Files.delete(file);
            Files.write(file, saved);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        Files.delete(pipe);
    }
}
