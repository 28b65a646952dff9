package dev.kubeaudit.archivesql.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.logfile.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes generated events into a folder laid out as {@code ship.layout: hive} does: each node's
 * segments (rotated at the given times, each spanning less than a day) under
 * {@link ArchiveLayout#HIVE}'s key, compressed gzip, zstd and plain in turn, and an integrity
 * object under {@code _integrity/} holding lines that must never be read as events. Not thread-safe.
 */
final class HiveArchive {
    private static final Compression[] COMPRESSIONS = {Compression.GZIP, Compression.ZSTD, Compression.NONE};

    /** A node's rotation times: its segments span (previous rotation, rotation]. */
    record Node(String cluster, String name, List<Instant> rotations) {
        Node {
            for (int i = 1; i < rotations.size(); i++) {
                if (Duration.between(rotations.get(i - 1), rotations.get(i)).compareTo(Duration.ofDays(1)) > 0) {
                    throw new IllegalArgumentException("rotations: " + rotations + " (expected: at most a day apart)");
                }
            }
        }
    }

    private final Path root;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> segmentKeys = new ArrayList<>();
    private final Map<FixtureEvent, LocalDate> days = new HashMap<>();

    HiveArchive(Path root) {
        this.root = root;
    }

    /**
     * Writes each event of {@code events} (of {@code node}) into the segment whose span holds its
     * stage time; returns the events written, in segment order.
     */
    List<FixtureEvent> writeSegments(Node node, List<FixtureEvent> events) throws IOException {
        List<FixtureEvent> written = new ArrayList<>();
        for (int i = 1; i < node.rotations().size(); i++) {
            Instant from = node.rotations().get(i - 1);
            Instant to = node.rotations().get(i);
            List<FixtureEvent> segment = events.stream()
                    .filter(e -> e.stageTimestamp().isAfter(from) && !e.stageTimestamp().isAfter(to))
                    .sorted(Comparator.comparing(FixtureEvent::stageTimestamp)).toList();
            Compression compression = COMPRESSIONS[segmentKeys.size() % COMPRESSIONS.length];
            String backup = BackupNames.compressed(BackupNames.backupFor(Path.of("audit.log"), to), compression)
                    .getFileName().toString();
            String key = ArchiveLayout.HIVE.segmentKey(node.cluster(), node.name(), backup, to);
            write(key, segment.stream().map(e -> e.json(mapper)).toList());
            segmentKeys.add(key);
            segment.forEach(e -> days.put(e, LocalDate.ofInstant(to, ZoneOffset.UTC)));
            written.addAll(segment);
        }
        return written;
    }

    /** The day of the partition ({@code dt}) {@code event} was written under. */
    LocalDate dayOf(FixtureEvent event) {
        LocalDate day = days.get(event);
        if (day == null) {
            throw new IllegalArgumentException("event " + event.auditID() + " (expected: one written here)");
        }
        return day;
    }

    /** An integrity object beside the first segment: an event line (a delete of {@code decoy}'s secret) and a torn line. */
    void writeIntegrityDecoy(FixtureEvent decoy) throws IOException {
        String key = ArchiveLayout.HIVE.manifestKey(segmentKeys.get(0));
        if (!key.startsWith(ArchiveLayout.HIVE.integrityRoot())) {
            throw new IllegalStateException("manifest key '" + key + "' (expected: under _integrity/)");
        }
        write(key, List.of(decoy.json(mapper), "{\"kind\":\"Event\",\"auditID\":"));
    }

    private void write(String key, List<String> lines) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = compressed(key, Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }

    private static OutputStream compressed(String key, OutputStream out) throws IOException {
        if (key.endsWith(".gz")) {
            return new GZIPOutputStream(out);
        }
        if (key.endsWith(".zst")) {
            return new ZstdOutputStream(out, 3);
        }
        return out;
    }
}
