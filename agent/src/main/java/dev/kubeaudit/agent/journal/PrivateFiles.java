package dev.kubeaudit.agent.journal;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the journal's files private (mode 0600) although Chronicle Queue creates them with the
 * process umask: every store file is restricted when the queue acquires it, and every file present
 * when the journal opens. Where the file system has no POSIX modes nothing is done. Thread-safe
 * (stateless).
 */
final class PrivateFiles implements StoreFileListener {
    static final PrivateFiles LISTENER = new PrivateFiles();
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    @Override
    public void onAcquired(int cycle, File file) {
        restrictFile(file.toPath());
    }

    @Override
    public void onReleased(int cycle, File file) {
        // nothing to do
    }

    /** Restricts every regular file directly in {@code dir}. */
    static void restrict(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    restrictFile(f);
                }
            }
        } catch (IOException e) {
            LOG.warn("Listing journal directory '{}' to restrict file modes failed: {}", dir, e.toString());
        }
    }

    private static void restrictFile(Path file) {
        try {
            if (!Files.getPosixFilePermissions(file).equals(PRIVATE)) {
                Files.setPosixFilePermissions(file, PRIVATE);
            }
        } catch (UnsupportedOperationException | NoSuchFileException e) {
            // no POSIX modes on this file system, or the file is already deleted
        } catch (IOException e) {
            LOG.warn("Restricting journal file '{}' to mode 0600 failed: {}", file, e.toString());
        }
    }
}
