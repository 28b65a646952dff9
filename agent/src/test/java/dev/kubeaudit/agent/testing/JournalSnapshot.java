package dev.kubeaudit.agent.testing;

import dev.kubeaudit.agent.journal.JournalEntry;
import dev.kubeaudit.agent.journal.JournalReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files of a journal directory as they stood at one moment, put back later: what a power loss
 * leaves of a journal whose newest pages never reached the disk. Taken while the agent stands
 * still (SIGSTOP); files the agent forces itself (the writer's checkpoint, the integrity directory)
 * are left out and stay as they are when the copy is put back. Chronicle's cycle files are large
 * sparse mapped files, so they are copied sparse ({@code cp --sparse=always}). Not thread-safe.
 */
public final class JournalSnapshot {
    private static final Duration COPY_TIMEOUT = Duration.ofSeconds(60);

    private final Path journal;
    private final Path copy;
    private final Predicate<String> survives;
    private final Set<String> names;

    private JournalSnapshot(Path journal, Path copy, Predicate<String> survives, Set<String> names) {
        this.journal = journal;
        this.copy = copy;
        this.survives = survives;
        this.names = names;
    }

    /**
     * Copies every file of {@code journal} into the new folder {@code copy}, except those whose
     * name {@code survives} (they keep whatever they hold when the copy is put back).
     */
    public static JournalSnapshot take(Path journal, Path copy, Predicate<String> survives) throws IOException {
        Files.createDirectories(copy);
        List<Path> files = files(journal, survives).stream().filter(f -> !survives.test(name(f))).toList();
        for (Path file : files) {
            copySparse(file, copy.resolve(file.getFileName()));
        }
        return new JournalSnapshot(journal, copy, survives,
                files.stream().map(JournalSnapshot::name).collect(Collectors.toUnmodifiableSet()));
    }

    /** Names of the files copied. */
    public Set<String> names() {
        return names;
    }

    /**
     * Index of the newest entry the copy holds (-1 when none), read from a second copy so that the
     * snapshot itself stays as taken.
     */
    public long lastIndex(Path scratch) throws IOException {
        Files.createDirectories(scratch);
        for (String name : names) {
            copySparse(copy.resolve(name), scratch.resolve(name));
        }
        try (JournalReader reader = JournalReader.open(scratch)) {
            reader.startAtLastEvents(1);
            JournalEntry newest = reader.next();
            return newest == null ? -1 : newest.index();
        }
    }

    /**
     * Puts the journal back as copied: files made since are deleted, copied ones restored; files
     * that survive stay as they are. The agent must not be running.
     */
    public void restore() throws IOException {
        for (Path file : files(journal, survives)) {
            if (!survives.test(name(file))) {
                Files.delete(file);
            }
        }
        for (String name : names) {
            copySparse(copy.resolve(name), journal.resolve(name));
        }
    }

    /** The entries of {@code dir}; all but those that survive must be regular files. */
    private static List<Path> files(Path dir, Predicate<String> survives) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> all = entries.toList();
            for (Path p : all) {
                if (!survives.test(name(p)) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(p + " is not a regular file: a journal holds only files");
                }
            }
            return all;
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }

    private static void copySparse(Path from, Path to) throws IOException {
        Process cp = new ProcessBuilder("cp", "--sparse=always", "-a", from.toString(), to.toString())
                .redirectErrorStream(true).start();
        try {
            if (!cp.waitFor(COPY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                cp.destroyForcibly();
                throw new IOException("cp of " + from + " did not end within " + COPY_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while copying " + from, e);
        }
        if (cp.exitValue() != 0) {
            throw new IOException("cp of " + from + " to " + to + " failed: "
                    + new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
