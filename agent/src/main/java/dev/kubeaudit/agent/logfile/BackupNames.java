package dev.kubeaudit.agent.logfile;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Owns the names of backup files, as lumberjack spells them: {@code audit.log} rotated at
 * 2026-11-27T03:16:01Z becomes {@code audit-2026-11-27T03-16-01.000.log} (UTC,
 * {@code yyyy-MM-dd'T'HH-mm-ss.SSS} between the stem and the extension), compressed
 * {@code ….log.gz} or {@code ….log.zst}. A compression in progress writes the hidden temp name
 * {@code .audit-….log.gz.tmp}, which never matches the backup pattern. Everything here is pure
 * except {@link #list} and {@link #freeBackupFor}, which read the directory. Thread-safe
 * (stateless).
 */
public final class BackupNames {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH-mm-ss.SSS")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int TIMESTAMP_LENGTH = 23;
    /** Any backup name, of an active file whose name is not known: {@code <stem>-<timestamp>[<ext>…]}. */
    private static final Pattern ANY_BACKUP =
            Pattern.compile(".+-(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3})(\\.[^/]*)?");
    private static final int MAX_NAME_PROBES = 100_000;

    private BackupNames() {
    }

    /** The plain backup name of {@code activeFile} for rotation time {@code t} (truncated to ms, UTC). */
    public static Path backupFor(Path activeFile, Instant t) {
        String timestamp = TIMESTAMP.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        return sibling(activeFile, stem(activeFile) + "-" + timestamp + extension(activeFile));
    }

    /**
     * The backup {@code candidate} names, judged by its file name only: exactly
     * {@code <stem>-<timestamp><ext>} optionally followed by {@code .gz} or {@code .zst}, with a
     * valid timestamp in canonical form; anything else (the active file, temp files, near misses)
     * is empty.
     */
    public static Optional<Backup> parse(Path activeFile, Path candidate) {
        Path name = candidate.getFileName();
        String prefix = stem(activeFile) + "-";
        if (name == null || !name.toString().startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = name.toString().substring(prefix.length());
        for (Compression c : new Compression[] {Compression.GZIP, Compression.ZSTD, Compression.NONE}) {
            String tail = extension(activeFile) + c.suffix();
            if (rest.length() == TIMESTAMP_LENGTH + tail.length() && rest.endsWith(tail)) {
                return timestamp(rest.substring(0, TIMESTAMP_LENGTH)).map(t -> new Backup(candidate, t, c));
            }
        }
        return Optional.empty();
    }

    /**
     * The rotation time in {@code fileName} when it is a backup name of some active file, judged
     * without knowing that file: {@code <stem>-<timestamp>} followed by nothing or by {@code .…}
     * (extension, compression suffix), the timestamp valid and canonical; otherwise empty.
     */
    public static Optional<Instant> timeOf(String fileName) {
        Matcher m = ANY_BACKUP.matcher(fileName);
        return m.matches() ? timestamp(m.group(1)) : Optional.empty();
    }

    /** The regular files in {@code activeFile}'s directory that {@link #parse} accepts, newest first. */
    public static List<Backup> list(Path activeFile) throws IOException {
        Path dir = directory(activeFile);
        List<Backup> backups = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                parse(activeFile, entry)
                        .filter(b -> Files.isRegularFile(b.path(), LinkOption.NOFOLLOW_LINKS))
                        .ifPresent(backups::add);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IOException("List of backups in " + dir + " failed", e);
        } catch (DirectoryIteratorException e) {
            throw new IOException("List of backups in " + dir + " failed", e.getCause());
        }
        backups.sort(Comparator.comparing(Backup::time).reversed()
                .thenComparing(b -> b.path().getFileName().toString()));
        return backups;
    }

    /**
     * The plain backup name for a rotation at {@code now}: the name of {@code now}, unless that time
     * is not later than the newest existing backup or any form of the name (plain, .gz, .zst, or
     * anything else by that name) exists; then the next free millisecond. Never an existing name.
     */
    public static Path freeBackupFor(Path activeFile, Instant now) throws IOException {
        Instant t = now.truncatedTo(ChronoUnit.MILLIS);
        List<Backup> existing = list(activeFile);
        if (!existing.isEmpty() && !t.isAfter(existing.get(0).time())) {
            t = existing.get(0).time().plusMillis(1);
        }
        for (int probe = 0; probe < MAX_NAME_PROBES; probe++, t = t.plusMillis(1)) {
            Path plain = backupFor(activeFile, t);
            if (!anyFormExists(plain)) {
                return plain;
            }
        }
        throw new IOException("No free backup name for " + activeFile + " near " + now);
    }

    /** {@code plain} with {@code compression}'s suffix appended. */
    public static Path compressed(Path plain, Compression compression) {
        return sibling(plain, plain.getFileName() + compression.suffix());
    }

    /** The plain backup a (possibly compressed) backup was made from. */
    public static Path plainOf(Backup backup) {
        String name = backup.path().getFileName().toString();
        return sibling(backup.path(), name.substring(0, name.length() - backup.compression().suffix().length()));
    }

    /** The hidden temp name a compression into {@code target} writes first. */
    static Path tempFor(Path target) {
        return DurableFiles.tempFor(target);
    }

    /** Whether {@code candidate} is a compression temp file of one of {@code activeFile}'s backups. */
    static boolean isTemp(Path activeFile, Path candidate) {
        return DurableFiles.targetOfTemp(candidate)
                .flatMap(target -> parse(activeFile, target))
                .filter(b -> b.compression() != Compression.NONE)
                .isPresent();
    }

    /** The directory holding {@code activeFile} and its backups. */
    static Path directory(Path activeFile) {
        Path parent = activeFile.toAbsolutePath().getParent();
        return parent == null ? activeFile.toAbsolutePath().getRoot() : parent;
    }

    private static boolean anyFormExists(Path plain) {
        for (Compression c : Compression.values()) {
            if (Files.exists(compressed(plain, c), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Instant> timestamp(String text) {
        try {
            LocalDateTime parsed = LocalDateTime.parse(text, TIMESTAMP);
            return TIMESTAMP.format(parsed).equals(text)
                    ? Optional.of(parsed.toInstant(ZoneOffset.UTC))
                    : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String stem(Path activeFile) {
        String name = activeFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String extension(Path activeFile) {
        String name = activeFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }

    private static Path sibling(Path file, String name) {
        Path parent = file.getParent();
        return parent == null ? file.getFileSystem().getPath(name) : parent.resolve(name);
    }
}
