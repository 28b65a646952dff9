package dev.kubeaudit.search.files;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.shipper.store.SegmentDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One object's folder in a cache ({@link CacheLayout}): its copy, the sidecar holding the copy's
 * SHA-256 as downloaded, and temporary files of downloads. A copy is installed by renaming a
 * finished temporary file over it (the sidecar first, then the copy), so its name never holds half
 * a file, and searches installing the same object at once each rename a whole file of their own.
 * Nothing is synced: a cache loses nothing it cannot fetch again, and every use hashes the copy
 * anew. Thread-safe as far as the file system is: it holds no state of its own.
 */
final class CacheEntry {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final Path copy;
    private final Path sidecar;

    CacheEntry(Path cacheDir, String archive, ArchiveObject object) {
        this.dir = cacheDir.resolve(CacheLayout.entry(archive, object));
        this.copy = dir.resolve(CacheLayout.fileName(object.key()));
        this.sidecar = dir.resolve(CacheLayout.SIDECAR);
    }

    Path dir() {
        return dir;
    }

    Path copy() {
        return copy;
    }

    boolean present() {
        return Files.isRegularFile(copy);
    }

    /** The copy's size on disk. */
    long size() throws IOException {
        return io("Size of", copy, () -> Files.size(copy));
    }

    /** The SHA-256 (hex) of the copy's bytes, read now. */
    String hash() throws IOException {
        return SegmentDigest.of(copy, false).sha256Hex();
    }

    /** The copy's bytes, when it holds at most {@code maxBytes}; null when it holds more. */
    byte[] read(int maxBytes) throws IOException {
        return io("Read of", copy, () -> {
            try (InputStream in = Files.newInputStream(copy)) {
                byte[] bytes = in.readNBytes(maxBytes + 1);
                return bytes.length > maxBytes ? null : bytes;
            }
        });
    }

    /**
     * Why a copy of {@code actualSize} bytes cannot stand for an object of {@code size} bytes with
     * SHA-256 {@code want} (null: unknown), or null when it can: its size must be the listing's,
     * and its hash, taken now by {@code actualSha}, the sidecar's and {@code want}'s.
     */
    String fault(long actualSize, HashSource actualSha, long size, String want) throws IOException {
        if (actualSize != size) {
            return "it holds " + actualSize + " bytes, not its listing's " + size;
        }
        String recorded = recorded();
        if (recorded == null) {
            return "its SHA-256 record " + sidecar + " is missing or unreadable";
        }
        String now = actualSha.hash();
        if (!now.equals(recorded)) {
            return "its SHA-256 " + now + " is no longer " + recorded + ", as downloaded";
        }
        if (want != null && !now.equals(want)) {
            return "its SHA-256 " + now + " does not match its manifest's " + want;
        }
        return null;
    }

    private String recorded() throws IOException {
        if (!Files.isRegularFile(sidecar)) {
            return null;
        }
        String text = io("Read of", sidecar, () -> Files.readString(sidecar, StandardCharsets.UTF_8)).strip();
        return SHA256.matcher(text).matches() ? text : null;
    }

    /** A path for a new temporary file in the entry's folder (created when missing). */
    Path newTemp() throws IOException {
        io("Creation of", dir, () -> Files.createDirectories(dir));
        return dir.resolve(CacheLayout.TEMP_PREFIX + UUID.randomUUID());
    }

    /** Makes downloaded {@code temp}, whose SHA-256 is {@code sha256}, the copy; {@code temp} is gone afterwards. */
    void install(Path temp, String sha256) throws IOException {
        Path record = newTemp();
        try {
            io("Write of", record, () -> Files.writeString(record, sha256 + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            move(record, sidecar);
            move(temp, copy);
        } finally {
            Files.deleteIfExists(record);
            Files.deleteIfExists(temp);
        }
    }

    /** Stamps the copy's last use (the sidecar's mtime), which eviction orders by. */
    void touch(Instant at) throws IOException {
        io("Setting the time of", sidecar, () -> Files.setLastModifiedTime(sidecar, FileTime.from(at)));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("Rename of " + from + " to " + to + " failed: " + e, e);
        }
    }

    private static <T> T io(String operation, Path path, IoAction<T> action) throws IOException {
        try {
            return action.get();
        } catch (IOException e) {
            throw new IOException(operation + " " + path + " failed: " + e, e);
        }
    }

    /** A SHA-256 (hex) computed on demand. */
    @FunctionalInterface
    interface HashSource {
        String hash() throws IOException;
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T get() throws IOException;
    }
}
