package dev.kubeaudit.shipper.testing;

import dev.kubeaudit.agent.logfile.Backup;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One audit.log as an auditor gathers it: every segment stored in a {@code file:} archive, the
 * local backups not stored there (yet), and the active file. A segment both stored and still local
 * (shipped, not yet deleted) counts once, and must be the same bytes in both places. Stateless.
 */
public final class ArchivedLog {
    private ArchivedLog() {
    }

    /** Every line of the archive's segments and of the local log, each file checked to end in a whole line. */
    public static List<String> lines(Path archive, Path active) throws IOException {
        Map<String, Backup> stored = stored(archive, active);
        List<byte[]> contents = new ArrayList<>();
        for (Backup segment : stored.values()) {
            contents.add(AuditLogFiles.content(segment));
        }
        for (Backup local : BackupNames.list(active)) {
            Backup twin = stored.get(local.path().getFileName().toString());
            if (twin != null && !Arrays.equals(Files.readAllBytes(local.path()), Files.readAllBytes(twin.path()))) {
                throw new AssertionError("segment " + local.path() + " differs from its stored copy " + twin.path());
            }
        }
        contents.addAll(AuditLogFiles.contents(active, stored::containsKey));
        return AuditLogFiles.lines(contents, archive + " and " + active.getParent());
    }

    /** Number of backups of {@code active} still in its folder. */
    public static int localBackups(Path active) throws IOException {
        return BackupNames.list(active).size();
    }

    /** The segments in the archive by file name (objects under any key prefix; temp files left out). */
    private static Map<String, Backup> stored(Path archive, Path active) throws IOException {
        Map<String, Backup> stored = new TreeMap<>();
        if (!Files.isDirectory(archive)) {
            return stored;
        }
        try (Stream<Path> files = Files.walk(archive)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                BackupNames.parse(active, file).ifPresent(b -> stored.put(file.getFileName().toString(), b));
            }
        }
        return stored;
    }
}
