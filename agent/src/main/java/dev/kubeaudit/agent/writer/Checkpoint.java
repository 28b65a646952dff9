package dev.kubeaudit.agent.writer;

import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the log writer stands: every batch up to journal index {@code fullIndex} (-1: none) is
 * in audit.log or its backups, and so are the first {@code partialItem} lines of the batch at
 * {@code partialIndex} (-1: no batch half written). The active file holds exactly {@code offset}
 * bytes. {@code lastBackup} is the file name of the newest backup when the checkpoint was taken
 * ("" if none): a newer backup found at start is a rotation that happened after it.
 * {@code activeFirstIndex} and {@code activeLastIndex} are the journal indexes of the batches
 * holding the active file's first and last line (its segment range once it is rotated): both
 * {@link #NO_LINE} while it holds none, both {@link #UNKNOWN} when its lines' indexes are not known
 * (it was begun without a checkpoint or by an older agent, or a lost journal tail handed its
 * indexes out again).
 *
 * <p>Stored as a small versioned text file, replaced atomically through {@link DurableFiles#replace}.
 * Version 1 (without the active file's indexes) is read as {@link #NO_LINE} for an empty active
 * file and {@link #UNKNOWN} otherwise.
 */
public record Checkpoint(long fullIndex, long partialIndex, int partialItem, long offset, String lastBackup,
                         long activeFirstIndex, long activeLastIndex) {
    public static final int VERSION = 2;
    /** activeFirstIndex and activeLastIndex of an active file holding no line. */
    public static final long NO_LINE = -1;
    /** activeFirstIndex and activeLastIndex of an active file whose lines' indexes are not known. */
    public static final long UNKNOWN = -2;

    public Checkpoint {
        if (partialItem < 0) {
            throw new IllegalArgumentException("partialItem: " + partialItem + " (expected: >= 0)");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        lastBackup = lastBackup == null ? "" : lastBackup;
        boolean known = activeFirstIndex >= 0 && activeLastIndex >= activeFirstIndex;
        boolean none = (activeFirstIndex == NO_LINE || activeFirstIndex == UNKNOWN)
                && activeLastIndex == activeFirstIndex;
        if (!known && !none) {
            throw new IllegalArgumentException("activeFirstIndex, activeLastIndex: " + activeFirstIndex + ", "
                    + activeLastIndex + " (expected: 0 <= first <= last, both " + NO_LINE + " or both " + UNKNOWN
                    + ")");
        }
    }

    /** The position before anything was written, with {@code offset} bytes already in the active file. */
    public static Checkpoint initial(long offset, String lastBackup) {
        long active = unknownUnlessEmpty(offset);
        return new Checkpoint(-1, -1, 0, offset, lastBackup, active, active);
    }

    private static long unknownUnlessEmpty(long offset) {
        return offset == 0 ? NO_LINE : UNKNOWN;
    }

    /** Reads the checkpoint at {@code file}, or empty when there is none yet. */
    public static Optional<Checkpoint> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("Read of checkpoint " + file + " failed", e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            int version = Integer.parseInt(require(fields, "version"));
            if (version > VERSION) {
                throw new IllegalStateException("Checkpoint " + file + " has format version " + version
                        + "; this agent reads up to " + VERSION + ": upgrade the agent");
            }
            long offset = Long.parseLong(require(fields, "offset"));
            String v1Active = String.valueOf(unknownUnlessEmpty(offset));
            return Optional.of(new Checkpoint(
                    Long.parseLong(require(fields, "fullIndex")),
                    Long.parseLong(require(fields, "partialIndex")),
                    Integer.parseInt(require(fields, "partialItem")),
                    offset,
                    fields.getOrDefault("lastBackup", ""),
                    Long.parseLong(version < 2 ? v1Active : require(fields, "activeFirstIndex")),
                    Long.parseLong(version < 2 ? v1Active : require(fields, "activeLastIndex"))));
        } catch (IllegalArgumentException e) {
            throw new IOException("Checkpoint " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("field '" + key + "' missing");
        }
        return value;
    }

    /** Replaces the checkpoint at {@code file} atomically and durably. */
    public void write(Path file) throws IOException {
        String text = "version=" + VERSION + "\nfullIndex=" + fullIndex + "\npartialIndex=" + partialIndex
                + "\npartialItem=" + partialItem + "\noffset=" + offset + "\nlastBackup=" + lastBackup
                + "\nactiveFirstIndex=" + activeFirstIndex + "\nactiveLastIndex=" + activeLastIndex + "\n";
        try {
            DurableFiles.replace(file, text.getBytes(StandardCharsets.UTF_8),
                    temp -> CrashPoint.reach("checkpoint-before-rename"));
        } catch (IOException e) {
            throw new IOException("Write of checkpoint " + file + " failed", e);
        }
    }
}
