package dev.kubeaudit.agent.logfile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link RotatingLogFile} writes and how it rotates. Sizes are bytes; 0 means "no limit" for
 * {@code maxBytes}, {@code maxBackups} and {@code maxAgeDays} (the configuration's log.maxSize 0
 * is kube-apiserver's 100 MiB and reaches here as such), and {@link Duration#ZERO} turns
 * {@code rotateInterval} off. {@code compressionLevel} is the gzip level (0–9) or the zstd level
 * (1–22); it is ignored for {@link Compression#NONE}. {@code access} is the mode and group of the
 * file, its backups and their directory.
 */
public record LogFileSettings(Path file, long maxBytes, int maxBackups, int maxAgeDays,
        Compression compression, int compressionLevel, Duration rotateInterval, LogFileAccess access) {

    /** The default compression level: fast, as kube deployments usually want. */
    public static final int DEFAULT_COMPRESSION_LEVEL = 1;

    /** With {@link LogFileAccess#OWNER_ONLY}. */
    public LogFileSettings(Path file, long maxBytes, int maxBackups, int maxAgeDays, Compression compression,
            int compressionLevel, Duration rotateInterval) {
        this(file, maxBytes, maxBackups, maxAgeDays, compression, compressionLevel, rotateInterval,
                LogFileAccess.OWNER_ONLY);
    }

    public LogFileSettings {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(rotateInterval, "rotateInterval");
        if (file.getFileName() == null || file.getFileName().toString().isEmpty()) {
            throw new IllegalArgumentException("file: " + file + " (expected: a path naming a file)");
        }
        requireAtLeastZero("maxBytes", maxBytes);
        requireAtLeastZero("maxBackups", maxBackups);
        requireAtLeastZero("maxAgeDays", maxAgeDays);
        if (rotateInterval.isNegative()) {
            throw new IllegalArgumentException("rotateInterval: " + rotateInterval + " (expected: >= PT0S)");
        }
        requireLevel(compression, compressionLevel);
    }

    private static void requireAtLeastZero(String key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: >= 0)");
        }
    }

    private static void requireLevel(Compression compression, int level) {
        int min = compression == Compression.ZSTD ? 1 : 0;
        int max = compression == Compression.ZSTD ? 22 : 9;
        if (compression != Compression.NONE && (level < min || level > max)) {
            throw new IllegalArgumentException("compressionLevel: " + level
                    + " (expected: " + min + ".." + max + " for " + compression + ")");
        }
    }
}
