package dev.kubeaudit.agent.preflight;

import dev.kubeaudit.agent.config.KeyProblem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the agent's user can use a directory the agent writes: it exists and is a directory in
 * which this process can create and delete a file and which it can list, or it does not exist and
 * its first missing component can be created (a real mkdir and rmdir) in the nearest existing
 * parent; its mode is sane for its {@link Kind}; and the files it holds are usable by this user
 * (a file left by another user, such as root, stops start-up). Stateless.
 */
final class DirectoryCheck {
    private static final int LISTED = 3;
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** What a directory holds, which decides what its mode may be. */
    enum Kind {
        /** Journal, ledger, integrity state: created 0700; writable by all is an error, any other access a warning. */
        STATE,
        /** The log directory: created 0700 (group read and search with log.fileMode 0640); writable by all is an error. */
        LOG,
        /** A file: destination: copies of shipped segments; writable by all is a warning. */
        ARCHIVE
    }

    private DirectoryCheck() {
    }

    static List<KeyProblem> check(String key, Path dir, Kind kind) {
        List<KeyProblem> problems = new ArrayList<>();
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            creatable(key, dir, abs, problems);
            return problems;
        }
        if (!Files.isDirectory(abs)) {
            problems.add(KeyProblem.error(key, dir, "is not a directory (expected: a directory, or a path where"
                    + " one can be created)"));
            return problems;
        }
        RunningUser user;
        try {
            user = RunningUser.probe(abs);
        } catch (IOException e) {
            problems.add(KeyProblem.error(key, dir, "user '" + RunningUser.processName() + "' cannot create files in it: "
                    + RunningUser.reason(e) + " (expected: a directory the agent's user can write and search, e.g."
                    + " owned by it)"));
            return problems;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(abs)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(KeyProblem.error(key, dir, "cannot be listed: " + e + " (expected: a directory the agent's"
                    + " user can read)"));
            return problems;
        }
        mode(key, dir, abs, kind, problems);
        if (kind != Kind.ARCHIVE) {
            foreignFiles(key, dir, files, user, problems);
        }
        return problems;
    }

    /** A missing directory: its nearest existing parent must be a directory in which the first missing one can be made. */
    private static void creatable(String key, Path dir, Path abs, List<KeyProblem> problems) {
        Path first = abs;
        Path existing = abs.getParent();
        while (existing != null && !Files.exists(existing)) {
            first = existing;
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            problems.add(KeyProblem.error(key, dir, "cannot be created: '" + existing + "' is a file, not a directory"
                    + " (expected: a path whose parents are directories)"));
            return;
        }
        try {
            Files.createDirectory(first);
            Files.delete(first);
        } catch (IOException e) {
            problems.add(KeyProblem.error(key, dir, "does not exist, and user '" + RunningUser.processName()
                    + "' cannot create '" + first + "': " + RunningUser.reason(e) + " (expected: the directory made"
                    + " for the agent's user, e.g. install -d -o " + RunningUser.processName() + " -m 0700 " + abs + ")"));
        }
    }

    private static void mode(String key, Path dir, Path abs, Kind kind, List<KeyProblem> problems) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(abs);
        } catch (UnsupportedOperationException | IOException e) {
            return; // no POSIX modes here
        }
        String shown = PosixFilePermissions.toString(mode);
        if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            String problem = "is writable by every user (" + shown + "), so anyone could replace or delete audit data"
                    + " (expected: a directory only the agent's user can write, e.g. chmod 0700)";
            problems.add(kind == Kind.ARCHIVE ? KeyProblem.warning(key, dir, problem) : KeyProblem.error(key, dir, problem));
        } else if (kind == Kind.STATE && mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            problems.add(KeyProblem.warning(key, dir, "is open to its group or every user (" + shown + ") and holds"
                    + " audit events or the agent's state (expected: chmod 0700, the mode the agent creates it with)"));
        }
    }

    /** Files this user cannot read, or cannot write and does not own: left by another user (often root). */
    private static void foreignFiles(String key, Path dir, List<Path> files, RunningUser user,
                                     List<KeyProblem> problems) {
        List<String> foreign = new ArrayList<>();
        for (Path f : files) {
            try {
                PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!Files.isReadable(f) || !Files.isWritable(f) && !a.owner().equals(user.owner())) {
                    foreign.add("'" + f.getFileName() + "' (" + a.owner().getName() + ", "
                            + PosixFilePermissions.toString(a.permissions()) + ")");
                }
            } catch (UnsupportedOperationException | IOException e) {
                // deleted meanwhile, or no POSIX attributes
            }
        }
        if (foreign.isEmpty()) {
            return;
        }
        String listed = String.join(", ", foreign.subList(0, Math.min(LISTED, foreign.size())))
                + (foreign.size() > LISTED ? " and " + (foreign.size() - LISTED) + " more" : "");
        problems.add(KeyProblem.error(key, dir, "holds files user '" + user.name() + "' cannot use: " + listed
                + " (expected: files of the agent's user, e.g. chown -R " + user.name() + " " + dir.toAbsolutePath()
                + "; was the agent started as another user?)"));
    }
}
