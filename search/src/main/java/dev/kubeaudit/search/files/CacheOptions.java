package dev.kubeaudit.search.files;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Where a remote archive's copies are kept and how much of them: the cache folder (shared by
 * searches, also at once), its bound in bytes of copies, which least recently used copies are
 * evicted to keep after a search (0 = keep only the last search's), the listener of warnings, and
 * the clock stamping each use. Immutable.
 */
public record CacheOptions(Path dir, long maxBytes, CacheListener listener, Clock clock) {
    public static final long DEFAULT_MAX_BYTES = 10L << 30;

    public CacheOptions {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
        }
    }

    /** A cache in {@code dir} of at most 10 GiB, no listener, the system clock. */
    public static CacheOptions in(Path dir) {
        return new CacheOptions(dir, DEFAULT_MAX_BYTES, CacheListener.NONE, Clock.systemUTC());
    }

    public CacheOptions withMaxBytes(long bytes) {
        return new CacheOptions(dir, bytes, listener, clock);
    }

    public CacheOptions withListener(CacheListener l) {
        return new CacheOptions(dir, maxBytes, l, clock);
    }
}
