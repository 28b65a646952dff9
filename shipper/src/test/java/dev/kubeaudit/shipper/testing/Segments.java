package dev.kubeaudit.shipper.testing;

import dev.kubeaudit.shipper.store.ObjectKeys;
import dev.kubeaudit.shipper.store.SegmentDigest;
import dev.kubeaudit.shipper.store.Upload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/** Segment files for tests: lumberjack-named backups of pseudo-random bytes. */
public final class Segments {
    private Segments() {
    }

    /** The upload of segment {@code file}, keyed for cluster c1, node node-a, on 2026-11-27. */
    public static Upload upload(Path file) throws IOException {
        Instant time = Instant.parse("2026-11-27T03:16:01Z");
        String name = file.getFileName().toString();
        return new Upload(new ObjectKeys("", "c1", "node-a").keyFor(name, time), file, SegmentDigest.of(file, false),
                time);
    }

    /** Writes {@code bytes} pseudo-random bytes (seeded by the name) to {@code dir/name}. */
    public static Path write(Path dir, String name, long bytes) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Random random = new Random(name.hashCode());
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }
}
