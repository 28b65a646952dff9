package dev.kubeaudit.search.files;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.ObjectSizeLimit;
import dev.kubeaudit.agent.integrity.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Copies of a remote archive's objects in a local cache folder ({@link CacheOptions}, named by
 * {@link CacheLayout}), fetched through the archive (one GetObject each) only when the search asks
 * for them, and reused by later searches. A copy belongs to the object's key, size and last change
 * in the listing; it is downloaded to a temporary file and renamed into place only when whole and
 * checked: its size must be the listing's and its SHA-256 the manifest's.
 * <p>
 * Every use hashes the copy again before handing it out (about 1.5 GB/s, far faster than the
 * search parses it) and compares it with the hash taken at download (the sidecar) and the
 * manifest's, so bytes changed on disk are caught even when size and mtime were kept; such a copy
 * is fetched again ({@link CacheListener#discarded}). A segment without a manifest hash is kept and
 * handed out, but reported each time ({@link CacheListener#unverified}). Manifests ({@link #small})
 * are cached alike (immutable by contract), so a repeated search makes no request at all.
 * <p>
 * {@link #close} evicts the least recently used copies to bring the cache to {@code maxBytes},
 * never one this search used, and only when no other search (of any process) uses the cache
 * ({@link CacheLock}); else the last one to finish does. Paths handed out are valid until then.
 * Thread-safe: segments may be fetched from several threads at once.
 */
final class CachedFiles implements LocalFiles {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 1 << 20;

    private final Archive archive;
    private final String where;
    private final CacheOptions options;
    private final CacheLock lock;
    private final Set<Path> used = ConcurrentHashMap.newKeySet();
    private final List<String> fetched = new ArrayList<>(); // guarded by itself
    private final List<String> reused = new ArrayList<>(); // guarded by itself
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Holds the cache's shared lock until {@link #close}; the archive stays the caller's. */
    CachedFiles(Archive archive, CacheOptions options) throws IOException {
        this.archive = archive;
        this.where = archive.describe();
        this.options = options;
        this.lock = CacheLock.acquire(options.dir());
    }

    @Override
    public Path segment(ArchiveObject object, String sha256) throws IOException {
        String want = manifestHash(object.key(), sha256);
        CacheEntry entry = entry(object);
        if (entry.present()) {
            String fault = entry.fault(entry.size(), entry::hash, object.size(), want);
            if (fault == null) {
                remember(reused, object.key());
                return handOut(entry, object, want);
            }
            options.listener().discarded(where, object.key(), fault);
        }
        download(entry, object, want);
        return handOut(entry, object, want);
    }

    private Path handOut(CacheEntry entry, ArchiveObject object, String want) throws IOException {
        entry.touch(options.clock().instant());
        if (want == null) {
            options.listener().unverified(where, object.key());
        }
        return entry.copy();
    }

    private String manifestHash(String key, String sha256) throws IOException {
        if (sha256 == null) {
            return null;
        }
        String hex = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(hex).matches()) {
            throw failure("segment", key, "its manifest's SHA-256 '" + sha256 + "' is not 64 hex digits");
        }
        return hex;
    }

    /** Fetches the segment into a temporary file, checks it, and installs it; nothing stays when a check fails. */
    private void download(CacheEntry entry, ArchiveObject object, String want) throws IOException {
        Path temp = entry.newTemp();
        try {
            Download got = copy(object, temp);
            if (got.size() != object.size()) {
                throw failure("segment", object.key(), (got.size() > object.size() ? "more than" : "only")
                        + " " + Math.min(got.size(), object.size()) + " bytes arrived (expected: its listing's "
                        + object.size() + ")");
            }
            if (want != null && !got.sha256().equals(want)) {
                throw failure("segment", object.key(),
                        "SHA-256 " + got.sha256() + " does not match its manifest's " + want);
            }
            entry.install(temp, got.sha256());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private record Download(long size, String sha256) {
    }

    /** Copies at most one byte more than the listing's size into {@code temp}, hashing it. */
    private Download copy(ArchiveObject object, Path temp) throws IOException {
        MessageDigest sha = Digests.sha256();
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        try (InputStream in = archive.open(object.key());
             OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            remember(fetched, object.key());
            while (size <= object.size()) {
                int n = read(in, buffer, (int) Math.min(buffer.length, object.size() + 1 - size), object.key());
                if (n < 0) {
                    break;
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                size += n;
            }
        }
        return new Download(size, Digests.hex(sha.digest()));
    }

    private int read(InputStream in, byte[] buffer, int length, String key) throws IOException {
        try {
            return in.read(buffer, 0, length);
        } catch (IOException e) {
            throw new IOException("Download of segment '" + key + "' from " + where + " failed: " + e, e);
        }
    }

    @Override
    public byte[] small(ArchiveObject object, int maxBytes) throws IOException {
        ObjectSizeLimit.require(maxBytes);
        if (object.size() > maxBytes) {
            throw ObjectSizeLimit.exceeded(where, object.key(), maxBytes);
        }
        CacheEntry entry = entry(object);
        if (entry.present()) {
            byte[] bytes = entry.read(maxBytes);
            String fault = bytes == null ? "it holds more than " + maxBytes + " bytes"
                    : entry.fault(bytes.length, () -> Digests.hex(Digests.sha256(bytes)), object.size(), null);
            if (fault == null) {
                entry.touch(options.clock().instant());
                remember(reused, object.key());
                return bytes;
            }
            options.listener().discarded(where, object.key(), fault);
        }
        byte[] bytes = fetchSmall(entry, object, maxBytes);
        entry.touch(options.clock().instant());
        return bytes;
    }

    /** Fetches a small object and installs its copy, unless its size is not the listing's. */
    private byte[] fetchSmall(CacheEntry entry, ArchiveObject object, int maxBytes) throws IOException {
        byte[] bytes = archive.readSmall(object.key(), maxBytes);
        remember(fetched, object.key());
        if (bytes.length != object.size()) {
            throw failure("object", object.key(), bytes.length + " bytes arrived (expected: its listing's "
                    + object.size() + ")");
        }
        Path temp = entry.newTemp();
        try {
            write(temp, bytes);
            entry.install(temp, Digests.hex(Digests.sha256(bytes)));
        } finally {
            Files.deleteIfExists(temp);
        }
        return bytes;
    }

    private static void write(Path temp, byte[] bytes) throws IOException {
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("Write of cache file " + temp + " failed: " + e, e);
        }
    }

    private CacheEntry entry(ArchiveObject object) {
        if (closed.get()) {
            throw new IllegalStateException("Cache of " + where + " in " + lock.dir() + " is closed");
        }
        CacheEntry entry = new CacheEntry(lock.dir(), where, object);
        used.add(entry.dir());
        return entry;
    }

    private static void remember(List<String> keys, String key) {
        synchronized (keys) {
            keys.add(key);
        }
    }

    private IOException failure(String kind, String key, String problem) {
        return new IOException(kind + " '" + key + "' from " + where + ": " + problem);
    }

    @Override
    public List<String> fetched() {
        synchronized (fetched) {
            return List.copyOf(fetched);
        }
    }

    @Override
    public List<String> reused() {
        synchronized (reused) {
            return List.copyOf(reused);
        }
    }

    /** Evicts, or leaves eviction to another search still running (see the class comment). Idempotent; the archive stays open. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean tidied = lock.release(() -> {
            CacheEviction.Evicted evicted = CacheEviction.run(lock.dir(), new EvictionPolicy(options.maxBytes()),
                    Set.copyOf(used));
            if (evicted.copies() > 0) {
                options.listener().evicted(evicted.copies(), evicted.bytes());
            }
        });
        if (!tidied) {
            options.listener().evictionDeferred();
        }
    }
}
