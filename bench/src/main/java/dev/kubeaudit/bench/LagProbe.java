package dev.kubeaudit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * End-to-end lag: how long after an acknowledgement audit.log (with its uncompressed backups) holds
 * as many bytes as had been acknowledged by then. Polls the file sizes every millisecond, so a lag
 * is exact to about that. Thread-safe: {@link #acknowledged} from any thread, the rest from one.
 */
final class LagProbe {
    private final Path log;
    private final long start;
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();
    private final Histogram lag = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    private long acked;

    LagProbe(Path log) {
        this.log = log;
        this.start = logBytes();
    }

    synchronized void acknowledged(long lineBytes) {
        acked += lineBytes;
        pending.add(new long[] {System.nanoTime(), acked});
    }

    /** Polls until every acknowledged byte is in the log or the deadline passes; true if all were. */
    boolean drain(long deadlineNanos, boolean untilEmptyOnly) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            long written = logBytes() - start;
            long now = System.nanoTime();
            synchronized (this) {
                while (!pending.isEmpty() && pending.peek()[1] <= written) {
                    lag.recordValue(Math.max(0, now - pending.poll()[0]));
                }
                if (untilEmptyOnly && pending.isEmpty()) {
                    return true;
                }
            }
            if (!untilEmptyOnly) {
                return false;
            }
            Thread.sleep(1);
        }
        return false;
    }

    Histogram histogram() {
        return lag;
    }

    /** Bytes in audit.log and its uncompressed backups. */
    private long logBytes() {
        String name = log.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Path dir = log.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stem + "*")) {
            for (Path f : files) {
                try {
                    total += Files.size(f);
                } catch (NoSuchFileException e) {
                    // rotated away between listing and reading: counted under its new name next time
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
        return total;
    }
}
