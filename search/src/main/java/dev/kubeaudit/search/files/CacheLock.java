package dev.kubeaudit.search.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Who uses a cache folder. Every search holds a shared lock on its {@code lock} file while it
 * runs; the search that finishes with no other left (of any process) takes the lock exclusively
 * and tidies the cache (evicts) while holding it, so no copy is evicted while a search of another
 * process may still read it, and no search starts during a tidy. Searches of one JVM share one OS
 * lock (the JVM allows one per file), counted here. Thread-safe; one instance per search.
 */
final class CacheLock {
    /** Guarded by itself: the shared lock of each cache folder this JVM uses, by real path. */
    private static final Map<Path, Holder> HELD = new HashMap<>();

    private final Path dir;
    private boolean released; // guarded by HELD

    private CacheLock(Path dir) {
        this.dir = dir;
    }

    /** Work done while holding the lock exclusively. */
    @FunctionalInterface
    interface Tidy {
        void run() throws IOException;
    }

    /** Holds {@code dir}'s shared lock (created with the folder when missing), waiting while another search tidies. */
    static CacheLock acquire(Path dir) throws IOException {
        Path real;
        try {
            real = Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new IOException("Creation of cache folder " + dir + " failed: " + e, e);
        }
        synchronized (HELD) {
            Holder holder = HELD.get(real);
            if (holder == null) {
                holder = Holder.open(real.resolve(CacheLayout.LOCK));
                HELD.put(real, holder);
            }
            holder.users++;
        }
        return new CacheLock(real);
    }

    /** The cache folder's real path. */
    Path dir() {
        return dir;
    }

    /**
     * Lets go of the shared lock; when no search of any process uses the folder any more, runs
     * {@code tidy} holding it exclusively. Idempotent.
     *
     * @return whether {@code tidy} ran
     */
    boolean release(Tidy tidy) throws IOException {
        synchronized (HELD) {
            if (released) {
                return false;
            }
            released = true;
            Holder holder = HELD.get(dir);
            if (--holder.users > 0) {
                return false;
            }
            HELD.remove(dir);
            return holder.releaseThenTidy(tidy);
        }
    }

    /** One OS lock on a lock file and the searches of this JVM counting on it. */
    private static final class Holder {
        private final Path file;
        private final FileChannel channel;
        private final FileLock shared;
        private int users;

        private Holder(Path file, FileChannel channel, FileLock shared) {
            this.file = file;
            this.channel = channel;
            this.shared = shared;
        }

        static Holder open(Path file) throws IOException {
            FileChannel channel = null;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                return new Holder(file, channel, channel.lock(0, Long.MAX_VALUE, true));
            } catch (IOException e) {
                if (channel != null) {
                    channel.close();
                }
                throw new IOException("Shared lock of " + file + " failed: " + e, e);
            }
        }

        boolean releaseThenTidy(Tidy tidy) throws IOException {
            try (channel) {
                FileLock exclusive = exclusive();
                if (exclusive == null) {
                    return false; // another process's search still runs: the last one tidies
                }
                try (exclusive) {
                    tidy.run();
                }
                return true;
            }
        }

        /** Trades the shared lock for an exclusive one, or for none when another process holds it too. */
        private FileLock exclusive() throws IOException {
            try {
                shared.release();
                return channel.tryLock(0, Long.MAX_VALUE, false);
            } catch (IOException e) {
                throw new IOException("Exclusive lock of " + file + " failed: " + e, e);
            }
        }
    }
}
