package dev.kubeaudit.agent.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;

/**
 * Every step that makes a file change survive power loss, in one place.
 *
 * <p><b>Forcing.</b> {@link #force} forces a file's bytes and metadata (fsync), {@link #forceContent}
 * its bytes and what reading them back needs, such as its size (fdatasync). {@link #forceDirectory}
 * forces a directory, which makes an entry created, renamed or deleted in it durable.
 *
 * <p><b>Whole files.</b> {@link #replace} and {@link #createNew} write a file under the hidden temp
 * name {@code .<name>.tmp} beside it (see {@link #tempFor}; backup patterns and segment scanners
 * never match it): a stale temp is deleted, the temp is created with mode 0600 (never wider, whatever
 * the umask), written fully, forced, renamed onto the target (replacing it, or only where none
 * exists), and the directory is forced. When a step fails the temp is deleted and the target is as
 * it was. A reader sees the old file or the complete new one, never a part.
 *
 * <p><b>Directories.</b> {@link #createPrivateDirectories} and {@link #createDirectories} create
 * what is missing and force each new entry, so that a file forced inside them is not lost with them.
 *
 * <p>Every failure of these steps is an {@link IOException} naming the operation and the path;
 * exceptions of the caller's {@link Content} and {@link BeforeRename} pass through unchanged. Modes
 * and directory forcing apply where the file system is POSIX (elsewhere a directory cannot be opened
 * to be forced). Thread-safe (stateless); two writers of the same target are the caller's to exclude.
 */
public final class DurableFiles {
    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private DurableFiles() {
    }

    /** Writes the bytes of a new file into its temp file; {@code false} abandons the file (the temp is deleted). */
    @FunctionalInterface
    public interface Content {
        boolean writeTo(FileChannel temp) throws IOException;
    }

    /** A step between the forced temp file and its rename: a check of the temp, or a crash point in tests. */
    @FunctionalInterface
    public interface BeforeRename {
        BeforeRename NOTHING = temp -> { };

        void run(Path temp) throws IOException;
    }

    /** Forces the bytes and the metadata of {@code file}, open as {@code channel} (fsync). */
    public static void force(FileChannel channel, Path file) throws IOException {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new IOException("fsync of " + file + " failed", e);
        }
    }

    /** Forces the bytes of {@code file}, open as {@code channel}, and the metadata needed to read them (fdatasync). */
    public static void forceContent(FileChannel channel, Path file) throws IOException {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new IOException("fdatasync of " + file + " failed", e);
        }
    }

    /** Forces {@code dir}, so that entries created, renamed or deleted in it survive power loss. */
    public static void forceDirectory(Path dir) throws IOException {
        if (!posix(dir)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new IOException("fsync of directory " + dir + " failed", e);
        }
    }

    /**
     * Replaces {@code target} with a file holding exactly {@code content}, mode 0600, atomically and
     * durably: temp, write, fsync, rename over the target, fsync of the directory.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        replace(target, content, BeforeRename.NOTHING);
    }

    /** As {@link #replace(Path, byte[])}, running {@code beforeRename} once the temp is forced. */
    public static void replace(Path target, byte[] content, BeforeRename beforeRename) throws IOException {
        Path temp = tempFor(target);
        publish(target, channel -> {
            writeFully(channel, ByteBuffer.wrap(content), temp);
            return true;
        }, beforeRename, true);
    }

    /**
     * Creates {@code target} from {@code content} atomically and durably, never replacing a file
     * already there (then it fails and the existing file is left as it is): temp, write, fsync,
     * {@code beforeRename}, rename, fsync of the directory. Returns whether the file was created;
     * {@code false} when {@code content} abandoned it.
     */
    public static boolean createNew(Path target, Content content, BeforeRename beforeRename) throws IOException {
        return publish(target, content, beforeRename, false);
    }

    /**
     * Creates {@code target} holding exactly {@code content}, mode 0600, atomically and durably, never
     * replacing a file already there (then it fails and leaves that file as it is).
     */
    public static void createNew(Path target, byte[] content) throws IOException {
        Path temp = tempFor(target);
        publish(target, channel -> {
            writeFully(channel, ByteBuffer.wrap(content), temp);
            return true;
        }, BeforeRename.NOTHING, false);
    }

    /** The hidden temp file that {@link #replace} and {@link #createNew} write before renaming it to {@code target}. */
    public static Path tempFor(Path target) {
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + TEMP_SUFFIX);
    }

    /** The target whose temp file {@code candidate} is named as, if it is named as one. */
    public static Optional<Path> targetOfTemp(Path candidate) {
        String name = candidate.getFileName() == null ? "" : candidate.getFileName().toString();
        if (name.length() <= TEMP_PREFIX.length() + TEMP_SUFFIX.length()
                || !name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX)) {
            return Optional.empty();
        }
        return Optional.of(candidate.resolveSibling(name.substring(TEMP_PREFIX.length(), name.length() - TEMP_SUFFIX.length())));
    }

    /** The attributes that create a new file in {@code dir} with mode 0600 (none where the file system has no modes). */
    public static FileAttribute<?>[] privateFileMode(Path dir) {
        return posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FILE)}
                : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and its missing parents with mode 0700, forcing each new entry; existing ones are left as they are. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        createDirectories(dir, posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY)}
                : new FileAttribute<?>[0]);
    }

    /** Creates {@code dir} and its missing parents with the process's default mode, forcing each new entry. */
    public static void createDirectories(Path dir) throws IOException {
        createDirectories(dir, new FileAttribute<?>[0]);
    }

    private static void createDirectories(Path dir, FileAttribute<?>[] mode) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path d = dir.toAbsolutePath(); d != null && !Files.isDirectory(d); d = d.getParent()) {
            missing.push(d);
        }
        for (Path d : missing) {
            try {
                Files.createDirectory(d, mode);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(d)) {
                    throw new IOException("Creation of directory " + d + " failed: a file is in the way", e);
                }
                // Created meanwhile by another thread: forced below all the same, not trusting its timing.
            } catch (IOException e) {
                throw new IOException("Creation of directory " + d + " failed", e);
            }
            forceDirectory(d.getParent());
        }
    }

    private static boolean publish(Path target, Content content, BeforeRename beforeRename, boolean replacing)
            throws IOException {
        Path temp = tempFor(target);
        try {
            if (!writeTemp(temp, content)) {
                delete(temp);
                return false;
            }
            beforeRename.run(temp);
            rename(temp, target, replacing);
        } catch (IOException | RuntimeException | Error e) {
            try {
                delete(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        forceDirectory(directoryOf(target));
        return true;
    }

    /** Creates {@code temp} 0600 (deleting a stale one first), lets {@code content} fill it, forces it. */
    private static boolean writeTemp(Path temp, Content content) throws IOException {
        delete(temp);
        FileChannel channel;
        try {
            channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    privateFileMode(directoryOf(temp)));
        } catch (IOException e) {
            throw new IOException("Creation of temp file " + temp + " failed", e);
        }
        try (channel) {
            restoreOwnerBits(temp);
            if (!content.writeTo(channel)) {
                return false;
            }
            force(channel, temp);
            return true;
        }
    }

    /**
     * Gives back the owner bits a umask took from the new temp (0600 at creation is an upper bound:
     * 0277 makes it 0400). Never widens beyond 0600.
     */
    private static void restoreOwnerBits(Path temp) throws IOException {
        if (!posix(temp)) {
            return;
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(temp);
            if (PRIVATE_FILE.containsAll(mode) && !mode.equals(PRIVATE_FILE)) {
                Files.setPosixFilePermissions(temp, PRIVATE_FILE);
            }
        } catch (IOException e) {
            throw new IOException("Setting mode 0600 on temp file " + temp + " failed", e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, Path file) throws IOException {
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new IOException("Write of " + file + " failed", e);
        }
    }

    private static void rename(Path temp, Path target, boolean replacing) throws IOException {
        try {
            if (replacing) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // Without REPLACE_EXISTING: refused when the target exists; a sibling's move is one rename(2).
                Files.move(temp, target);
            }
        } catch (IOException e) {
            throw new IOException("Rename of " + temp + " to " + target + " failed", e);
        }
    }

    private static void delete(Path temp) throws IOException {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new IOException("Deletion of temp file " + temp + " failed", e);
        }
    }

    private static Path directoryOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath().getRoot() : parent;
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
