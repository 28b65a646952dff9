package dev.kubeaudit.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The disk ceiling for the agent's data path: every event's bytes written twice (once for the
 * journal, once for audit.log) into two files of a folder, in 1 MiB sequential writes, without
 * fsync (as {@code journal.sync: none}). Prints events/s and MB/s and a RESULT line; removes the
 * files. Single-threaded.
 *
 * <p>{@code java -cp bench/target/audit-bench.jar dev.kubeaudit.bench.DiskCeiling DIR [events] [lineBytes]}
 */
public final class DiskCeiling {
    private static final int CHUNK = 1 << 20;

    private DiskCeiling() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int lineBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1025;
        Lines lines = new Lines(lineBytes);
        Files.createDirectories(dir);
        Path journal = dir.resolve("ceiling-journal");
        Path log = dir.resolve("ceiling-log");
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        long start = System.nanoTime();
        try (FileChannel a = open(journal); FileChannel b = open(log)) {
            for (long i = 0; i < events; i++) {
                byte[] line = lines.bytes(i);
                if (chunk.remaining() < line.length) {
                    writeTwice(chunk, a, b);
                }
                chunk.put(line);
            }
            writeTwice(chunk, a, b);
        } finally {
            Files.deleteIfExists(journal);
            Files.deleteIfExists(log);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double mb = 2.0 * events * lineBytes / 1e6;
        System.out.printf(Locale.ROOT, "disk ceiling: %d events x %d bytes written twice in %.2f s: %.0f events/s, %.0f MB/s%n",
                events, lineBytes, seconds, events / seconds, mb / seconds);
        System.out.printf(Locale.ROOT, "RESULT label=disk eps=%.0f mbps=%.0f%n", events / seconds, mb / seconds);
    }

    private static FileChannel open(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    private static void writeTwice(ByteBuffer chunk, FileChannel a, FileChannel b) throws IOException {
        chunk.flip();
        for (FileChannel target : new FileChannel[] {a, b}) {
            ByteBuffer view = chunk.duplicate();
            while (view.hasRemaining()) {
                target.write(view);
            }
        }
        chunk.clear();
    }
}
