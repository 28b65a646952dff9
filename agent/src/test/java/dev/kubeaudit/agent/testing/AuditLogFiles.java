package dev.kubeaudit.agent.testing;

import dev.kubeaudit.agent.logfile.Backup;
import dev.kubeaudit.agent.logfile.BackupNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads audit.log and all its backups (plain, .gz, .zst) back, the way an auditor would. */
public final class AuditLogFiles {
    private AuditLogFiles() {
    }

    /** Raw contents of every backup (oldest first, a compressed twin preferred) then the active file. */
    public static List<byte[]> contents(Path active) throws IOException {
        return contents(active, name -> false);
    }

    /**
     * As {@link #contents(Path)}, leaving out the backups whose file name {@code elsewhere} accepts
     * (e.g. those already read from an archive).
     */
    public static List<byte[]> contents(Path active, Predicate<String> elsewhere) throws IOException {
        String name = active.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        List<Path> backups;
        try (Stream<Path> files = Files.list(active.getParent())) {
            backups = files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(stem + "-") && !n.startsWith(".");
            }).sorted().toList();
        }
        List<byte[]> out = new ArrayList<>();
        for (Path backup : backups) {
            String n = backup.getFileName().toString();
            boolean plain = !n.endsWith(".gz") && !n.endsWith(".zst");
            if (plain && (backups.contains(backup.resolveSibling(n + ".gz"))
                    || backups.contains(backup.resolveSibling(n + ".zst")))) {
                continue; // compressed twin is complete; the plain one awaits deletion
            }
            if (!elsewhere.test(n)) {
                out.add(content(backupOf(active, backup)));
            }
        }
        if (Files.exists(active)) {
            out.add(Files.readAllBytes(active));
        }
        return out;
    }

    /** Every line of every file, each checked to be whole (newline-terminated). */
    public static List<String> lines(Path active) throws IOException {
        return lines(contents(active), active.getParent().toString());
    }

    /** Every line of {@code contents} (files of {@code where}), each file checked to end in a whole line. */
    public static List<String> lines(List<byte[]> contents, String where) {
        List<String> lines = new ArrayList<>();
        for (byte[] content : contents) {
            if (content.length > 0 && content[content.length - 1] != '\n') {
                throw new AssertionError("a file of " + where + " ends in a torn line");
            }
            String text = new String(content, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** {@code file} as a backup of {@code active}, wherever it lies now (e.g. in an archive). */
    public static Backup backupOf(Path active, Path file) {
        return BackupNames.parse(active, file)
                .orElseThrow(() -> new AssertionError(file + " is not a backup of " + active));
    }

    /** What a backup holds, decompressed. */
    public static byte[] content(Backup backup) throws IOException {
        try (InputStream in = backup.openContent()) {
            return in.readAllBytes();
        }
    }
}
