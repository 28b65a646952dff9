package dev.kubeaudit.shipper.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A local folder as object store ({@code file:<dir>}): the key is the relative path. A segment is
 * copied to a hidden temp file beside its target, forced to disk, checked against the digest, then
 * renamed atomically into place and the directory forced. An existing object is never replaced: it
 * is compared instead (size and SHA-256), like a 412 from S3. Thread-safe (no state besides the root).
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
            Files.createDirectories(target.getParent());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return confirm(upload, target);
            }
            Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
            copy(upload, temp);
            move(temp, target);
            force(target.getParent());
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

    private static void copy(Upload upload, Path temp) throws IOException {
        Files.deleteIfExists(temp);
        try (FileChannel in = FileChannel.open(upload.file(), StandardOpenOption.READ);
                FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out);
            }
            out.force(true);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new StoreException(StoreException.Kind.LOCAL, "Segment " + upload.file() + " is gone", e);
        }
        SegmentDigest copied = SegmentDigest.of(temp, false);
        if (copied.size() != upload.digest().size() || !Arrays.equals(copied.sha256(), upload.digest().sha256())) {
            Files.deleteIfExists(temp);
            throw new StoreException(StoreException.Kind.CHECKSUM, "Copy of " + upload.file() + " does not match its"
                    + " checksum (sha256 " + copied.sha256Hex() + ", expected: " + upload.digest().sha256Hex() + ")");
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.deleteIfExists(temp);
            throw new IOException("Rename of " + temp + " to " + target + " failed", e);
        }
    }

    private static void force(Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new IOException("Sync of directory " + dir + " failed", e);
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
