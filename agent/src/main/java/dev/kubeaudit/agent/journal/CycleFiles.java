package dev.kubeaudit.agent.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.chronicle.queue.RollCycle;

/**
 * The roll-cycle files of the journal: their names ({@code <roll cycle format in UTC>.cq4}, epoch 0,
 * as Chronicle names them), the bytes each one uses, and which ones may go. Chronicle grows its
 * files sparsely in large blocks, so a file's apparent size says little; the bytes used are the
 * end of its last document. Thread-safe: the extents live in a concurrent map.
 */
final class CycleFiles {
    static final String SUFFIX = ".cq4";

    private final Path dir;
    private final RollCycle rollCycle;
    private final DateTimeFormatter names;
    private final Map<Integer, Long> extents = new ConcurrentHashMap<>();
    private volatile long metadataBytes;

    CycleFiles(Path dir, RollCycle rollCycle) {
        this.dir = dir;
        this.rollCycle = rollCycle;
        this.names = new DateTimeFormatterBuilder()
                .appendPattern(rollCycle.format())
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                .toFormatter()
                .withZone(ZoneOffset.UTC);
    }

    Path fileOf(int cycle) {
        return dir.resolve(names.format(Instant.ofEpochMilli(startMillis(cycle))) + SUFFIX);
    }

    /** The cycle a file name stands for, or -1 when it is not a cycle file of this roll cycle. */
    int cycleOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            LocalDateTime start = LocalDateTime.parse(name.substring(0, name.length() - SUFFIX.length()), names);
            return (int) (start.toInstant(ZoneOffset.UTC).toEpochMilli() / rollCycle.lengthInMillis());
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    long startMillis(int cycle) {
        return (long) cycle * rollCycle.lengthInMillis();
    }

    long endMillis(int cycle) {
        return startMillis(cycle + 1);
    }

    /** Cycle files present in the directory, oldest first. */
    List<Integer> cycles() throws IOException {
        List<Integer> cycles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                int cycle = cycleOf(file);
                if (cycle >= 0) {
                    cycles.add(cycle);
                }
            }
        } catch (IOException e) {
            throw new IOException("Listing journal files in " + dir + " failed", e);
        }
        cycles.sort(null);
        return cycles;
    }

    /**
     * Cycles that may be deleted: every document in them is consumed (the cycle is older than the
     * one of the consumed index), all were accepted before {@code notAfterMillis} (the
     * de-duplication window's start), and the cycle is not the current one.
     */
    List<Integer> deletable(int consumedCycle, int currentCycle, long notAfterMillis) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int cycle : cycles()) {
            if (cycle < consumedCycle && cycle < currentCycle && endMillis(cycle) <= notAfterMillis) {
                out.add(cycle);
            }
        }
        return out;
    }

    void extent(int cycle, long bytes) {
        extents.merge(cycle, bytes, Math::max);
    }

    void forget(int cycle) {
        extents.remove(cycle);
    }

    void metadataBytes(long bytes) {
        metadataBytes = bytes;
    }

    /** Bytes the journal's files use: the written part of each cycle file plus the metadata file. */
    long diskBytes() {
        long sum = metadataBytes;
        for (long bytes : extents.values()) {
            sum += bytes;
        }
        return sum;
    }
}
