package dev.kubeaudit.agent.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Usable space of the file store holding the journal, asked of the file system at most every
 * {@value #MAX_AGE_MILLIS} ms so that a refusal check stays cheap. A failed query keeps the last
 * value and goes to the listener. Thread-safe: racing refreshes are harmless.
 */
final class DiskSpace {
    static final long MAX_AGE_MILLIS = 250;
    private static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS);

    private final Path dir;
    private final FileStore store;
    private final JournalListener listener;
    private volatile long usable;
    private volatile long checkedAt;

    DiskSpace(Path dir, JournalListener listener) throws IOException {
        this.dir = dir;
        this.listener = listener;
        try {
            this.store = Files.getFileStore(dir);
            this.usable = store.getUsableSpace();
        } catch (IOException e) {
            throw new IOException("Reading free space of " + dir + " failed", e);
        }
        this.checkedAt = System.nanoTime();
    }

    long usableBytes() {
        long now = System.nanoTime();
        if (now - checkedAt > MAX_AGE_NANOS) {
            checkedAt = now;
            try {
                usable = store.getUsableSpace();
            } catch (IOException e) {
                listener.failure("read free space of " + dir, e);
            }
        }
        return usable;
    }
}
