package dev.kubeaudit.agent.logfile;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One backup file of the active log: its path, the rotation time encoded in its name (UTC,
 * millisecond precision) and how it is compressed ({@link Compression#NONE} for a plain backup).
 */
public record Backup(Path path, Instant time, Compression compression) {
    public Backup {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(compression, "compression");
    }
}
