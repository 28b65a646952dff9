package dev.kubeaudit.agent.logfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupNamesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "audit.log,        2026-11-27T03:16:01Z,        audit-2026-11-27T03-16-01.000.log",
        "audit.log,        2026-11-27T03:16:01.123456Z, audit-2026-11-27T03-16-01.123.log",
        "audit.log,        2016-11-04T18:30:00Z,        audit-2016-11-04T18-30-00.000.log",
        "server.json.log,  2026-01-02T00:00:00.999Z,    server.json-2026-01-02T00-00-00.999.log",
        "audit,            2026-01-02T23:59:59Z,        audit-2026-01-02T23-59-59.000",
    })
    void backupForPutsTheUtcTimestampBetweenStemAndExtension(String active, String at, String expected) {
        Path backup = BackupNames.backupFor(Path.of("/var/log/kube", active), Instant.parse(at));
        assertThat(backup).isEqualTo(Path.of("/var/log/kube", expected));
    }

    @ParameterizedTest
    @CsvSource({
        "audit-2026-11-27T03-16-01.000.log,     2026-11-27T03:16:01Z,     NONE",
        "audit-2026-11-27T03-16-01.555.log.gz,  2026-11-27T03:16:01.555Z, GZIP",
        "audit-2014-05-04T14-44-33.555.log.zst, 2014-05-04T14:44:33.555Z, ZSTD",
        "audit-2024-02-29T00-00-00.000.log,     2024-02-29T00:00:00Z,     NONE",
    })
    void parseAcceptsBackupNames(String name, String time, Compression compression) {
        Path candidate = dir.resolve(name);
        assertThat(BackupNames.parse(dir.resolve("audit.log"), candidate))
                .contains(new Backup(candidate, Instant.parse(time), compression));
    }

    @ParameterizedTest
    @CsvSource({
        "audit.log",
        "audit-2026-11-27T03-16-01.000",
        "2026-11-27T03-16-01.000.log",
        "audit-2026-11-27T03-16-01.log",
        "audit-2026-11-27T03-16-01.0000.log",
        "audit-2026-11-27T03:16:01.000.log",
        "audit-2026-02-30T00-00-00.000.log",
        "audit-2026-11-27T24-00-00.000.log",
        "audit-2026-11-27T03-16-01.000.log.bz2",
        "audit-2026-11-27T03-16-01.000.log.gz.tmp",
        ".audit-2026-11-27T03-16-01.000.log.gz.tmp",
        "audit-2026-11-27T03-16-01.000.txt",
        "other-2026-11-27T03-16-01.000.log",
        "audit-x-2026-11-27T03-16-01.000.log",
        "audit-+2026-11-27T03-16-01.000.log",
    })
    void parseRejectsEverythingElse(String name) {
        assertThat(BackupNames.parse(dir.resolve("audit.log"), dir.resolve(name))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        ".audit-2026-11-27T03-16-01.000.log.gz.tmp,  true",
        ".audit-2026-11-27T03-16-01.000.log.zst.tmp, true",
        ".audit-2026-11-27T03-16-01.000.log.tmp,     false",
        "audit-2026-11-27T03-16-01.000.log.gz.tmp,   false",
        ".audit-garbage.log.gz.tmp,                  false",
        ".audit.log.tmp,                             false",
    })
    void isTempRecognisesOnlyCompressionTemps(String name, boolean temp) {
        assertThat(BackupNames.isTemp(dir.resolve("audit.log"), dir.resolve(name))).isEqualTo(temp);
    }

    @Test
    void listReturnsRegularBackupFilesNewestFirst() throws IOException {
        Path active = dir.resolve("audit.log");
        create(active, "active");
        create(dir.resolve("audit-2026-05-01T10-00-00.000.log"), "a");
        create(dir.resolve("audit-2026-05-03T10-00-00.000.log.gz"), "b");
        create(dir.resolve("audit-2026-05-02T10-00-00.000.log"), "c");
        create(dir.resolve("audit-2026-05-02T10-00-00.000.log.gz"), "c");
        create(dir.resolve("audit.log.foo"), "foreign");
        Files.createDirectory(dir.resolve("audit-2026-05-09T10-00-00.000.log"));
        assertThat(BackupNames.list(active)).extracting(b -> b.path().getFileName().toString()).containsExactly(
                "audit-2026-05-03T10-00-00.000.log.gz",
                "audit-2026-05-02T10-00-00.000.log",
                "audit-2026-05-02T10-00-00.000.log.gz",
                "audit-2026-05-01T10-00-00.000.log");
    }

    @Test
    void listOfAMissingDirectoryIsEmpty() throws IOException {
        assertThat(BackupNames.list(dir.resolve("missing/audit.log"))).isEmpty();
    }

    @Test
    void freeBackupForSkipsTakenNamesAndStaysAfterTheNewest() throws IOException {
        Path active = dir.resolve("audit.log");
        Instant now = Instant.parse("2026-05-01T10:00:00Z");
        assertThat(BackupNames.freeBackupFor(active, now)).isEqualTo(BackupNames.backupFor(active, now));
        Files.createDirectory(BackupNames.backupFor(active, now));        // a name taken by a non-backup
        assertThat(BackupNames.freeBackupFor(active, now)).isEqualTo(BackupNames.backupFor(active, now.plusMillis(1)));
        create(BackupNames.compressed(BackupNames.backupFor(active, now.plusSeconds(60)), Compression.ZSTD), "z");
        assertThat(BackupNames.freeBackupFor(active, now)).isEqualTo(BackupNames.backupFor(active, now.plusMillis(60_001)));
    }

    private static void create(Path file, String content) throws IOException {
        Files.writeString(file, content);
    }

    @Test
    void plainOfStripsTheCompressionSuffix() {
        Path gz = dir.resolve("audit-2026-05-01T10-00-00.000.log.gz");
        Backup b = BackupNames.parse(dir.resolve("audit.log"), gz).orElseThrow();
        assertThat(BackupNames.plainOf(b)).isEqualTo(dir.resolve("audit-2026-05-01T10-00-00.000.log"));
        assertThat(BackupNames.compressed(BackupNames.plainOf(b), Compression.GZIP)).isEqualTo(gz);
    }
}
