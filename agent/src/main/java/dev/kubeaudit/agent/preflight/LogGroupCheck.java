package dev.kubeaudit.agent.preflight;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.KeyProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code log.group} and {@code log.fileMode} as the log file will apply them: the group exists
 * here, this process can give a file to it (a real chgrp of a probe file: membership, root, and a
 * systemd user namespace all count), and, when the log directory must change (group read and
 * search for 0640, the group), this process owns it. 0640 without a group and a group with 0600
 * are warnings: each is coherent, but likely not what was meant. Stateless.
 */
final class LogGroupCheck {
    private static final String SEE = "README \"Letting a log shipper read audit.log\"";

    private LogGroupCheck() {
    }

    static List<KeyProblem> check(AgentConfig.Log log) {
        List<KeyProblem> problems = new ArrayList<>();
        boolean groupReadable = log.fileMode() == AgentConfig.Log.GROUP_READABLE;
        if (log.group() == null && groupReadable) {
            problems.add(KeyProblem.warning("log.fileMode", "0640", "without log.group the files are readable by the"
                    + " group of the agent's user, whichever that is (expected: log.group naming the group of the log"
                    + " shipper that reads them)"));
        } else if (log.group() != null && !groupReadable) {
            problems.add(KeyProblem.warning("log.group", log.group(), "the group cannot read the files with"
                    + " log.fileMode 0600 (expected: log.fileMode: 0640)"));
        }
        Path dir = log.path().toAbsolutePath().normalize().getParent();
        GroupPrincipal group = null;
        if (log.group() != null) {
            try {
                group = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(log.group());
            } catch (UserPrincipalNotFoundException e) {
                problems.add(KeyProblem.error("log.group", log.group(), "no such group on this host (expected: an"
                        + " existing group name or gid, e.g. adm; see getent group)"));
                return problems;
            } catch (IOException | UnsupportedOperationException e) {
                problems.add(KeyProblem.error("log.group", log.group(), "cannot be looked up: " + e));
                return problems;
            }
        }
        if (!groupReadable && group == null) {
            return problems;
        }
        Path place = dir;
        while (place != null && !Files.isDirectory(place)) {
            place = place.getParent();
        }
        if (place != null) {
            probe(place, dir, log, group, groupReadable, problems);
        }
        return problems;
    }

    /** Gives a probe file in {@code place} the group, and checks that the existing log directory can be changed. */
    private static void probe(Path place, Path dir, AgentConfig.Log log, GroupPrincipal group, boolean groupReadable,
                              List<KeyProblem> problems) {
        RunningUser user;
        try {
            user = RunningUser.probe(place);
        } catch (IOException | UnsupportedOperationException e) {
            return; // an unwritable directory is the directory check's to report
        }
        if (group != null) {
            Path probe = RunningUser.probeFile(place);
            try {
                Files.createFile(probe);
                Files.getFileAttributeView(probe, PosixFileAttributeView.class).setGroup(group);
            } catch (IOException e) {
                problems.add(KeyProblem.error("log.group", log.group(), "user '" + user.name() + "' cannot give files"
                        + " to this group: " + RunningUser.reason(e) + " (expected: the agent's user a member of it; under"
                        + " systemd SupplementaryGroups=" + log.group() + " and PrivateUsers=no in a drop-in, " + SEE + ")"));
            } finally {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    problems.add(KeyProblem.warning("log.group", log.group(), "deleting the probe file '" + probe
                            + "' failed: " + RunningUser.reason(e)));
                }
            }
        }
        if (place.equals(dir)) {
            directory(dir, log, group, groupReadable, user, problems);
        }
    }

    /** The log directory gets group read and search and the group at start-up: only its owner (or root) may do that. */
    private static void directory(Path dir, AgentConfig.Log log, GroupPrincipal group, boolean groupReadable,
                                  RunningUser user, List<KeyProblem> problems) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(dir, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        boolean changes = groupReadable && !a.permissions().containsAll(List.of(PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_EXECUTE)) || group != null && !a.group().equals(group);
        if (changes && !user.root() && !a.owner().equals(user.owner())) {
            problems.add(KeyProblem.error("log.path", log.path(), "its directory '" + dir + "' must get group read and"
                    + " search" + (group == null ? "" : " and group '" + log.group() + "'") + ", which only its owner '"
                    + a.owner().getName() + "' may give (expected: the directory owned by user '" + user.name()
                    + "', or given that mode and group beforehand)"));
        }
    }
}
