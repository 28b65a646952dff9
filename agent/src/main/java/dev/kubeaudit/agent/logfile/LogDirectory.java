package dev.kubeaudit.agent.logfile;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cleans the directory of the log file of what an interrupted run left in it. Thread-safe (stateless). */
final class LogDirectory {
    private LogDirectory() {
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
}
