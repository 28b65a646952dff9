package dev.kubeaudit.search.files;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which copies leave a cache to bring its copies' bytes to at most {@code maxBytes}: the least
 * recently used first, never one the search that just ran used (so the cache may stay above the
 * bound when that search alone used more). Pure; immutable.
 */
record EvictionPolicy(long maxBytes) {

    /** One copy in the cache: its entry folder, its size and its last use. */
    record Copy(Path entry, long bytes, Instant lastUsed) {
    }

    EvictionPolicy {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
        }
    }

    /** The copies to evict from {@code copies}, least recently used first; none of {@code inUse} (entry folders). */
    List<Copy> toEvict(List<Copy> copies, Set<Path> inUse) {
        long total = copies.stream().mapToLong(Copy::bytes).sum();
        List<Copy> oldestFirst = new ArrayList<>(copies);
        oldestFirst.sort(Comparator.comparing(Copy::lastUsed).thenComparing(Copy::entry));
        List<Copy> evict = new ArrayList<>();
        for (Copy copy : oldestFirst) {
            if (total <= maxBytes) {
                break;
            }
            if (!inUse.contains(copy.entry())) {
                evict.add(copy);
                total -= copy.bytes();
            }
        }
        return List.copyOf(evict);
    }
}
