package dev.kubeaudit.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Start-up checks of the directories the agent writes audit data to: one that every user may write
 * to lets anyone replace or delete audit files, so the agent refuses it. Stateless.
 */
final class FileSafety {
    private FileSafety() {
    }

    /** A problem line when {@code dir} exists and is world-writable; empty otherwise (or without POSIX modes). */
    static Optional<String> worldWritable(String key, Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(dir);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
        if (!mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.empty();
        }
        return Optional.of(key + ": directory '" + dir + "' is writable by every user (" + PosixFilePermissions.toString(mode)
                + "), so anyone could replace or delete audit data (expected: a directory only the agent's user"
                + " can write, e.g. mode 0700)");
    }
}
