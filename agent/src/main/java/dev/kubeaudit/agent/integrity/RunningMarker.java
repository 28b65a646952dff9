package dev.kubeaudit.agent.integrity;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <dir>/running}: there while an agent runs, so that the next start knows whether this one
 * stopped cleanly. {@link #start} finds the previous run's marker still there (a kill, a crash, a
 * power loss) and declares an {@link DeclaredGap#UNCLEAN_STOP} gap naming that run's start time,
 * durably; only then it writes this run's marker ({@code kube-audit-agent running v1},
 * {@code started=<ISO-8601>}, {@code pid=<pid>}) through {@link DurableFiles#replace}. A crash
 * between the two declares the same stop again at the next start. {@link #close}, the last step of
 * a clean stop, deletes the marker and forces the directory. Thread-safe; close is idempotent.
 */
public final class RunningMarker implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningMarker.class);
    public static final String FILE_NAME = "running";
    private static final String HEADER = "kube-audit-agent running v1";

    private final Path file;
    private boolean closed;

    private RunningMarker(Path file) {
        this.file = file;
    }

    /** Declares the previous run's unclean stop into {@code gaps} if its marker is there, then marks this run. */
    public static RunningMarker start(Path dir, GapInbox gaps, Clock clock) throws IOException {
        DurableFiles.createPrivateDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String detail = "the run " + describe(file) + " did not stop cleanly: its marker '" + file
                    + "' was still there at the next start";
            DeclaredGap gap = DeclaredGap.of(DeclaredGap.UNCLEAN_STOP, clock.instant(), detail);
            gaps.declare(gap);
            LOG.warn("The previous run did not stop cleanly: declared gap '{}' ({})", gap.id(), detail);
        }
        String marker = HEADER + "\nstarted=" + clock.instant() + "\npid=" + ProcessHandle.current().pid() + "\n";
        DurableFiles.replace(file, marker.getBytes(StandardCharsets.UTF_8));
        return new RunningMarker(file);
    }

    /** Removes the marker: this run stopped cleanly. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IOException("Deletion of running marker " + file + " failed", e);
        }
        DurableFiles.forceDirectory(file.toAbsolutePath().getParent());
    }

    /** "started at <time> (pid <pid>)" from the marker, or why its start time is unknown. */
    private static String describe(Path file) {
        String started = null;
        String pid = null;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("started=")) {
                    started = line.substring("started=".length());
                } else if (line.startsWith("pid=")) {
                    pid = line.substring("pid=".length());
                }
            }
        } catch (IOException | RuntimeException e) {
            return "whose start time is unknown (the marker could not be read: " + e + ")";
        }
        if (started == null || !validInstant(started)) {
            return "whose start time is unknown (the marker names none)";
        }
        return "started at " + started + (pid == null || !pid.matches("\\d{1,19}") ? "" : " (pid " + pid + ")");
    }

    private static boolean validInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
