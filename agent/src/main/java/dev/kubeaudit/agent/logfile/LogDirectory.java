package dev.kubeaudit.agent.logfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The directory of the log file: created private (0700), new files private (0600), renames made
 * durable by syncing the directory. Modes apply only where the file system is POSIX. Thread-safe
 * (stateless).
 */
final class LogDirectory {
    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

    private LogDirectory() {
    }

    /** Creates {@code dir} and missing parents with mode 0700; existing directories are left as they are. */
    static void create(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, posix(dir)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                    : NONE);
        } catch (IOException e) {
            throw new IOException("Creation of log directory " + dir + " failed", e);
        }
    }

    /** The attributes that make a file created in {@code dir} mode 0600. */
    static FileAttribute<?>[] privateFile(Path dir) {
        return posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : NONE;
    }

    /** Makes renames and creations in {@code dir} durable (fsync of the directory). */
    static void sync(Path dir) throws IOException {
        if (!posix(dir)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new IOException("Sync of directory " + dir + " failed", e);
        }
    }

    /** Deletes the compression temp files an interrupted run left beside {@code activeFile}. */
    static void deleteStaleTemps(Path activeFile) throws IOException {
        Path dir = BackupNames.directory(activeFile);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (BackupNames.isTemp(activeFile, entry)) {
                    delete(entry);
                }
            }
        } catch (DirectoryIteratorException e) {
            throw new IOException("Scan of " + dir + " for stale temp files failed", e.getCause());
        }
    }

    private static void delete(Path temp) throws IOException {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new IOException("Deletion of stale temp file " + temp + " failed", e);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
