package dev.kubeaudit.agent.preflight;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who this process is, as the file system sees it: the owner and group of a file it creates (a
 * real create and delete of a hidden probe file, {@code .check-config-<pid>-<n>.tmp}, so that root,
 * ACLs, read-only mounts and systemd's sandbox all count), and whether it is root. Immutable.
 */
record RunningUser(String name, UserPrincipal owner, GroupPrincipal group, boolean root) {
    private static final AtomicLong PROBES = new AtomicLong();

    /** Creates and deletes a probe file in {@code dir}; fails as the agent would creating a file there. */
    static RunningUser probe(Path dir) throws IOException {
        Path probe = probeFile(dir);
        Files.deleteIfExists(probe);
        Files.createFile(probe);
        try {
            PosixFileAttributes attributes = Files.readAttributes(probe, PosixFileAttributes.class);
            Object uid = Files.getAttribute(probe, "unix:uid");
            return new RunningUser(processName(), attributes.owner(), attributes.group(), Integer.valueOf(0).equals(uid));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** The hidden probe file of this process in {@code dir} (a temp file name: backup and segment scanners skip it). */
    static Path probeFile(Path dir) {
        return DurableFiles.tempFor(dir.resolve("check-config-" + ProcessHandle.current().pid() + "-"
                + PROBES.incrementAndGet()));
    }

    /** The user name of this process. */
    static String processName() {
        return System.getProperty("user.name");
    }

    /** What the OS said, in a few words: "permission denied", "Read-only file system", … */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e);
    }
}
