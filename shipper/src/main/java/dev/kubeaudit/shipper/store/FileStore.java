package dev.kubeaudit.shipper.store;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A local folder as object store ({@code file:<dir>}): the key is the relative path. A segment is
 * copied to a hidden temp file (mode 0600) beside its target, forced to disk, checked against the
 * digest, then renamed into place and the directory forced ({@link DurableFiles#createNew}); new
 * folders are forced into their parents. An existing object is never replaced: it is compared
 * instead (size and SHA-256), like a 412 from S3. Thread-safe (no state besides the root).
 */
public final class FileStore implements ObjectStore {
    private final Path root;

    public FileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Receipt put(Upload upload) throws StoreException {
        Path target = root.resolve(upload.key()).normalize();
        if (!target.startsWith(root)) {
            throw new StoreException(StoreException.Kind.REJECTED, "Key '" + upload.key() + "' leaves " + root);
        }
        try {
            DurableFiles.createDirectories(target.getParent());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return confirm(upload, target);
            }
            DurableFiles.createNew(target, temp -> copy(upload, temp), temp -> check(upload, temp));
            return new Receipt(upload.key(), upload.digest().size(), upload.digest().sha256Hex(), null, null, false);
        } catch (StoreException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "Store of " + upload.file() + " as " + target
                    + " failed: " + e, e);
        }
    }

    private Receipt confirm(Upload upload, Path target) throws IOException {
        SegmentDigest stored = SegmentDigest.of(target, false);
        if (stored.size() != upload.digest().size() || !Arrays.equals(stored.sha256(), upload.digest().sha256())) {
            throw new StoreException(StoreException.Kind.CONFLICT, "Object " + target + " already exists with other"
                    + " content (" + stored.size() + " bytes, sha256 " + stored.sha256Hex() + "; expected: "
                    + upload.digest().size() + " bytes, sha256 " + upload.digest().sha256Hex() + ")");
        }
        return new Receipt(upload.key(), stored.size(), stored.sha256Hex(), null, null, true);
    }

    private static boolean copy(Upload upload, FileChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(upload.file(), StandardOpenOption.READ)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out);
            }
            return true;
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreException.Kind.LOCAL, "Segment " + upload.file() + " is gone", e);
        }
    }

    /** The forced copy must hash to the segment's digest before it becomes the object. */
    private static void check(Upload upload, Path temp) throws IOException {
        SegmentDigest copied = SegmentDigest.of(temp, false);
        if (copied.size() != upload.digest().size() || !Arrays.equals(copied.sha256(), upload.digest().sha256())) {
            throw new StoreException(StoreException.Kind.CHECKSUM, "Copy of " + upload.file() + " does not match its"
                    + " checksum (sha256 " + copied.sha256Hex() + ", expected: " + upload.digest().sha256Hex() + ")");
        }
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    @Override
    public void close() {
        // Nothing held open between uploads.
    }
}
