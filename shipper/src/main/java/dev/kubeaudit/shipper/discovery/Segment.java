package dev.kubeaudit.shipper.discovery;

import dev.kubeaudit.agent.logfile.Backup;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A final segment: a backup file (absolute path) that will not change again, with the rotation
 * time from its name. Ordered oldest first (then by name). Immutable.
 */
public record Segment(Path path, Instant time) implements Comparable<Segment> {
    private static final Comparator<Segment> ORDER = Comparator.comparing(Segment::time).thenComparing(Segment::name);

    public Segment {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(time, "time");
        path = path.toAbsolutePath().normalize();
    }

    public static Segment of(Backup backup) {
        return new Segment(backup.path(), backup.time());
    }

    /** The file name: the segment's identity in the ledger and the last part of its object key. */
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public int compareTo(Segment other) {
        return ORDER.compare(this, other);
    }
}
