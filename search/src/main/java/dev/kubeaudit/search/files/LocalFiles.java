package dev.kubeaudit.search.files;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a search reads archive objects from: a folder archive's own files in place
 * ({@link FolderFiles}), or copies of a remote archive's objects in a local cache
 * ({@link CachedFiles}). Not thread-safe: one per search.
 */
public interface LocalFiles extends Closeable {

    /**
     * A local file holding segment {@code object}'s bytes. {@code sha256} (hex) is the stored
     * SHA-256 its manifest states, or null when it has no manifest. The file's name ends like the
     * key ({@code .gz}, {@code .zst}, none): DuckDB takes the compression from it.
     *
     * @throws IOException naming the key when it cannot be fetched, or its bytes do not match {@code sha256}
     */
    Path segment(ArchiveObject object, String sha256) throws IOException;

    /**
     * The bytes of a small object (a manifest), at most {@code maxBytes}.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such object
     */
    byte[] small(ArchiveObject object, int maxBytes) throws IOException;

    /** The keys fetched from the store so far, in order (always empty for a folder). */
    List<String> fetched();

    /** The keys handed out from copies already in the cache so far, in order (always empty for a folder). */
    List<String> reused();

    /** The folder's files for a folder archive, else copies in {@code cacheDir} as {@link CacheOptions#in} has it. */
    static LocalFiles of(Archive archive, Path cacheDir) throws IOException {
        return of(archive, CacheOptions.in(cacheDir));
    }

    /**
     * The folder's files for a folder archive, else copies in the cache {@code cache} describes
     * ({@link CachedFiles}); its shared lock is held until {@link #close}.
     */
    static LocalFiles of(Archive archive, CacheOptions cache) throws IOException {
        if (archive.describe().startsWith("file:")) {
            return new FolderFiles(archive);
        }
        return new CachedFiles(archive, cache);
    }
}
