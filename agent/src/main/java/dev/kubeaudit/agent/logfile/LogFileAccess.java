package dev.kubeaudit.agent.logfile;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Who may read audit.log and its backups ({@code log.fileMode}, {@code log.group}): every file has
 * mode {@code fileMode}, 0600 (the agent's user only) or 0640 (its group too), and, when
 * {@code group} is named (a group name or numeric gid), belongs to that group. With 0640 the log
 * directory gets group read and search as well. Immutable.
 */
public record LogFileAccess(int fileMode, String group) {
    /** 0600, the agent's own group: what the log file always had. */
    public static final LogFileAccess OWNER_ONLY = new LogFileAccess(0600, null);

    public LogFileAccess {
        if (fileMode != 0600 && fileMode != 0640) {
            throw new IllegalArgumentException("fileMode: 0" + Integer.toOctalString(fileMode)
                    + " (expected: 0600 or 0640)");
        }
        if (group != null && group.isBlank()) {
            throw new IllegalArgumentException("group: '" + group + "' (expected: a group name, a numeric gid or null)");
        }
    }

    /** True for 0640: the file's group may read it. */
    public boolean groupReadable() {
        return fileMode == 0640;
    }

    /** The mode as permissions: rw------- or rw-r-----. */
    Set<PosixFilePermission> filePermissions() {
        return PosixFilePermissions.fromString(groupReadable() ? "rw-r-----" : "rw-------");
    }

    /** "mode 0640 and group 'adm'", for messages. */
    public String describe() {
        return "mode 0" + Integer.toOctalString(fileMode) + (group == null ? "" : " and group '" + group + "'");
    }
}
