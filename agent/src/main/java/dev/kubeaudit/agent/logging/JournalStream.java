package dev.kubeaudit.agent.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether standard error goes to journald. systemd sets {@code JOURNAL_STREAM=<device>:<inode>} of
 * the stream it connects a service's standard output and error to; it counts only while standard
 * error is still that stream (the device and inode of {@code /proc/self/fd/2}), not in a process
 * whose standard error a shell or a parent redirected elsewhere, which inherited the variable.
 * Stateless.
 */
public final class JournalStream {
    /** The variable systemd sets. */
    public static final String VARIABLE = "JOURNAL_STREAM";
    private static final Path STANDARD_ERROR = Path.of("/proc/self/fd/2");

    private JournalStream() {
    }

    /** Whether this process's standard error is the journal stream its environment names. */
    public static boolean isStandardError() {
        return isStandardError(System.getenv(), STANDARD_ERROR);
    }

    /** Whether {@code file} (followed to what it refers to) is the stream {@code env}'s JOURNAL_STREAM names. */
    static boolean isStandardError(Map<String, String> env, Path file) {
        String value = env.get(VARIABLE);
        if (value == null || value.isEmpty()) {
            return false;
        }
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(file, "unix:dev,ino");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // no /proc or no unix attributes: not provably journald, so plain lines
        }
        return names(value, (Long) attributes.get("dev"), (Long) attributes.get("ino"));
    }

    /** Whether {@code journalStream} ({@code <device>:<inode>}, decimal) names this device and inode. */
    static boolean names(String journalStream, long device, long inode) {
        int colon = journalStream.indexOf(':');
        if (colon < 0) {
            return false;
        }
        try {
            return Long.parseUnsignedLong(journalStream.substring(0, colon)) == device
                    && Long.parseUnsignedLong(journalStream.substring(colon + 1)) == inode;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
