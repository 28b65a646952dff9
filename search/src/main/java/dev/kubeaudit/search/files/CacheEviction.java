package dev.kubeaudit.search.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tidies a cache folder after a search, run only while no other search uses it (under
 * {@link CacheLock}'s exclusive lock): deletes what crashed searches left (temporary files, entry
 * folders without a copy), then evicts the copies {@link EvictionPolicy} picks, each with its
 * folder. A copy without a sidecar counts as never used. Not thread-safe: one tidy at a time.
 */
final class CacheEviction {
    /** What a tidy evicted: how many copies, how many bytes. */
    record Evicted(int copies, long bytes) {
    }

    private CacheEviction() {
    }

    static Evicted run(Path cacheDir, EvictionPolicy policy, Set<Path> inUse) throws IOException {
        List<EvictionPolicy.Copy> copies = new ArrayList<>();
        Path objects = cacheDir.resolve(CacheLayout.OBJECTS);
        for (Path shard : children(objects)) {
            for (Path entry : children(shard)) {
                EvictionPolicy.Copy copy = tidy(entry);
                if (copy != null) {
                    copies.add(copy);
                }
            }
        }
        long bytes = 0;
        List<EvictionPolicy.Copy> evict = policy.toEvict(copies, inUse);
        for (EvictionPolicy.Copy copy : evict) {
            delete(copy.entry());
            bytes += copy.bytes();
        }
        return new Evicted(evict.size(), bytes);
    }

    /** Deletes {@code entry}'s temporary files, or the whole folder when it holds no copy; its copy, or null. */
    private static EvictionPolicy.Copy tidy(Path entry) throws IOException {
        Path copy = null;
        for (Path file : children(entry)) {
            String name = file.getFileName().toString();
            if (name.startsWith(CacheLayout.TEMP_PREFIX)) {
                deleteFile(file);
            } else if (CacheLayout.isCopy(name)) {
                copy = file;
            }
        }
        if (copy == null) {
            delete(entry);
            return null;
        }
        Path sidecar = entry.resolve(CacheLayout.SIDECAR);
        Instant used = Files.exists(sidecar) ? attribute(sidecar, () -> Files.getLastModifiedTime(sidecar).toInstant())
                : Instant.EPOCH;
        Path found = copy;
        return new EvictionPolicy.Copy(entry, attribute(copy, () -> Files.size(found)), used);
    }

    /** The folder's entries (none when it is missing or not a folder), sorted. */
    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new IOException("Listing of cache folder " + dir + " failed: " + e, e);
        }
    }

    private static void delete(Path entry) throws IOException {
        for (Path file : children(entry)) {
            deleteFile(file);
        }
        deleteFile(entry);
    }

    private static void deleteFile(Path file) throws IOException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IOException("Deletion of cache file " + file + " failed: " + e, e);
        }
    }

    private static <T> T attribute(Path file, Read<T> read) throws IOException {
        try {
            return read.get();
        } catch (IOException e) {
            throw new IOException("Reading the attributes of " + file + " failed: " + e, e);
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T get() throws IOException;
    }
}
