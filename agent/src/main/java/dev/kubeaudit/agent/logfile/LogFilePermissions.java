package dev.kubeaudit.agent.logfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Gives files of the log directory, and the directory, the {@link LogFileAccess} of the
 * configuration: each file exactly its mode (whatever the umask took from it at creation) and its
 * group when one is named; the directory group read and search added when the files are
 * group-readable (nothing is taken from it), and the group. Only what differs is changed. The
 * group is looked up once, when the log file opens. Where the file system has no POSIX modes
 * nothing is done. Thread-safe (immutable).
 */
final class LogFilePermissions {
    /** Leaves files as {@link dev.kubeaudit.agent.durable.DurableFiles} and the log file create them (0600). */
    static final LogFilePermissions AS_CREATED = new LogFilePermissions(null, null, false);

    private final LogFileAccess access;
    private final GroupPrincipal group;
    private final boolean posix;

    private LogFilePermissions(LogFileAccess access, GroupPrincipal group, boolean posix) {
        this.access = access;
        this.group = group;
        this.posix = posix;
    }

    /** {@code access} for the files of {@code dir}; fails naming log.group when the group does not exist here. */
    static LogFilePermissions of(LogFileAccess access, Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return AS_CREATED;
        }
        GroupPrincipal group = null;
        if (access.group() != null) {
            try {
                group = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(access.group());
            } catch (UserPrincipalNotFoundException e) {
                throw new IOException("log.group: '" + access.group() + "' is no group of this host", e);
            }
        }
        return new LogFilePermissions(access, group, true);
    }

    /** Gives {@code file} the mode and group. */
    void file(Path file) throws IOException {
        if (!posix) {
            return;
        }
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            PosixFileAttributes now = view.readAttributes();
            if (group != null && !now.group().equals(group)) {
                view.setGroup(group);
            }
            Set<PosixFilePermission> mode = access.filePermissions();
            if (!now.permissions().equals(mode)) {
                view.setPermissions(mode);
            }
        } catch (IOException e) {
            throw new IOException("Giving " + file + " " + access.describe() + " failed", e);
        }
    }

    /** As {@link #file} for each of {@code backups}; one deleted meanwhile is skipped. */
    void backups(Iterable<Backup> backups) throws IOException {
        for (Backup b : backups) {
            try {
                file(b.path());
            } catch (IOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    /** Adds group read and search to {@code dir} for group-readable files, and gives it the group. */
    void directory(Path dir) throws IOException {
        if (!posix || !access.groupReadable() && group == null) {
            return;
        }
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            PosixFileAttributes now = view.readAttributes();
            if (group != null && !now.group().equals(group)) {
                view.setGroup(group);
            }
            Set<PosixFilePermission> mode = EnumSet.copyOf(now.permissions());
            if (access.groupReadable() && mode.addAll(Set.of(PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_EXECUTE))) {
                view.setPermissions(mode);
            }
        } catch (IOException e) {
            throw new IOException("Giving the log directory " + dir + " group read and search"
                    + (group == null ? "" : " and group '" + access.group() + "'") + " failed", e);
        }
    }
}
