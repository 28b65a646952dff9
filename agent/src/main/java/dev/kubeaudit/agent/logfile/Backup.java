package dev.kubeaudit.agent.logfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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

    /** The backup's lines as written: decompressed when it is compressed. The caller closes it. */
    public InputStream openContent() throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (IOException e) {
            throw new IOException("Open of backup " + path + " failed", e);
        }
        try {
            return Compressor.decoder(compression, raw);
        } catch (IOException e) {
            raw.close();
            throw new IOException("Decompression of backup " + path + " failed", e);
        }
    }
}
