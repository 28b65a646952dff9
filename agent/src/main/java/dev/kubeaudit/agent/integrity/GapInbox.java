package dev.kubeaudit.agent.integrity;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Declared gaps waiting to be sealed into the chain: {@code <dir>/declared-gaps}, a version line
 * ({@code kube-audit-agent declared gaps v1}), then one gap per line in the order declared, as
 * {@code id TAB reason TAB time TAB detail} (time ISO-8601 UTC). {@link #declare} appends the line
 * and forces it to disk before it returns, so a gap declared is never lost; a crash mid-append
 * leaves at most a torn last line, which opening cuts (that gap was never declared: its
 * {@code declare} did not return). The chain sealer seals each {@link #pending} gap into the chain,
 * then calls {@link #consumed} with the last id sealed, which rewrites the file atomically without
 * the gaps up to it. A file of a newer version stops start-up.
 *
 * <p>One instance per directory and process: every declarer and the sealer share it. Thread-safe:
 * every method is synchronized.
 */
public final class GapInbox implements Closeable {
    public static final String FILE_NAME = "declared-gaps";
    static final String TITLE = "kube-audit-agent declared gaps";
    static final int VERSION = 1;

    private final LineFile file;
    private final List<DeclaredGap> pending;

    private GapInbox(LineFile file, List<DeclaredGap> pending) {
        this.file = file;
        this.pending = pending;
    }

    /** Opens (or creates) the inbox in {@code dir}, creating the directory (0700) if needed. */
    public static GapInbox open(Path dir) throws IOException {
        DurableFiles.createPrivateDirectories(dir);
        Path path = dir.resolve(FILE_NAME);
        List<String> lines = new ArrayList<>();
        LineFile file = LineFile.open(path, TITLE, VERSION, lines);
        try {
            List<DeclaredGap> pending = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                pending.add(parse(path, i + 2, lines.get(i)));
            }
            return new GapInbox(file, pending);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Appends {@code gap} and forces it to disk; from then on it is pending until consumed.
     *
     * @throws IllegalArgumentException when a pending gap has the same id
     */
    public synchronized void declare(DeclaredGap gap) throws IOException {
        if (pending.stream().anyMatch(g -> g.id().equals(gap.id()))) {
            throw new IllegalArgumentException("gap id: " + gap.id() + " (expected: an id not pending yet)");
        }
        file.append(List.of(line(gap)));
        pending.add(gap);
    }

    /** The gaps declared and not consumed yet, oldest first. */
    public synchronized List<DeclaredGap> pending() {
        return List.copyOf(pending);
    }

    /**
     * Drops every pending gap up to and including the one with id {@code upToIdInclusive}
     * (sealed into the chain), rewriting the file atomically.
     *
     * @throws IllegalArgumentException when no pending gap has that id
     */
    public synchronized void consumed(String upToIdInclusive) throws IOException {
        int last = -1;
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).id().equals(upToIdInclusive)) {
                last = i;
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("gap id: " + upToIdInclusive + " (expected: the id of a pending gap"
                    + " in " + file.file() + ")");
        }
        List<DeclaredGap> rest = new ArrayList<>(pending.subList(last + 1, pending.size()));
        file.rewrite(rest.stream().map(GapInbox::line).toList());
        pending.clear();
        pending.addAll(rest);
    }

    /** Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        file.close();
    }

    private static String line(DeclaredGap gap) {
        return gap.id() + "\t" + gap.reason() + "\t" + gap.time() + "\t" + gap.detail();
    }

    private static DeclaredGap parse(Path file, int lineNumber, String line) throws LineFile.FormatException {
        String[] fields = line.split("\t", 4);
        try {
            if (fields.length != 4) {
                throw new IllegalArgumentException(fields.length + " fields, expected 4");
            }
            return new DeclaredGap(fields[0], fields[1], Instant.parse(fields[2]), fields[3]);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new LineFile.FormatException(file + ":" + lineNumber + ": not a declared gap (" + e.getMessage()
                    + "); the file holds gaps not sealed into the chain yet: repair the line rather than delete it");
        }
    }
}
