package dev.kubeaudit.agent.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An archive read back: a folder ({@link FileArchive}) or an S3 bucket under a prefix (from an
 * {@link ArchiveProvider}). Keys are relative to the archive root (for S3: without the
 * destination's prefix) and '/' separated. Implementations are thread-safe: one archive is read
 * from many threads at once. Open with {@link Archives#open}.
 */
public interface Archive extends Closeable {

    /** Where the archive is, e.g. {@code file:/var/lib/audit/archive} or {@code s3://bucket/prefix}. */
    String describe();

    /** Every object whose key starts with {@code prefix} ("" = all), sorted by key. */
    List<ArchiveObject> list(String prefix) throws IOException;

    /**
     * The distinct names of the next level under {@code prefix} ("" or ending in '/') that have
     * objects below them, sorted: what an S3 listing with delimiter '/' returns as common prefixes,
     * without the prefix and the '/'. An object directly under {@code prefix} is no folder. This
     * default lists every object below; implementations answer without doing so.
     */
    default List<String> folders(String prefix) throws IOException {
        requireFolderPrefix(prefix);
        TreeSet<String> names = new TreeSet<>();
        for (ArchiveObject o : list(prefix)) {
            int slash = o.key().indexOf('/', prefix.length());
            if (slash > prefix.length()) {
                names.add(o.key().substring(prefix.length(), slash));
            }
        }
        return List.copyOf(names);
    }

    /** Fails unless {@code prefix} is one {@link #folders} takes: "" or ending in '/'. */
    static void requireFolderPrefix(String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix: '" + prefix + "' (expected: \"\" or ending in '/')");
        }
    }

    /**
     * The object's bytes as a stream; the caller closes it (reading it to the end lets an S3
     * connection be reused).
     *
     * @throws java.nio.file.NoSuchFileException when there is no object {@code key}
     */
    InputStream open(String key) throws IOException;

    /**
     * The whole object, for small ones (manifests, checkpoints).
     *
     * @throws java.nio.file.NoSuchFileException when there is no object {@code key}
     * @throws IOException naming the key when it holds more than {@code maxBytes} bytes
     */
    default byte[] readSmall(String key, int maxBytes) throws IOException {
        ObjectSizeLimit.require(maxBytes);
        try (InputStream in = open(key)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw ObjectSizeLimit.exceeded(describe(), key, maxBytes);
            }
            return bytes;
        }
    }

    /**
     * The file holding object {@code key} when the archive is on this machine's file system (a
     * folder), so that it can be read in place; empty for a remote store or when there is no such
     * object.
     */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /**
     * Every version and delete marker under {@code prefix} with its Object Lock state, and the
     * bucket's versioning and default lock; empty where the store keeps no versions (a folder, a
     * bucket whose versioning was never enabled, a store without versioning).
     */
    Optional<Versions> versions(String prefix) throws IOException;
}
