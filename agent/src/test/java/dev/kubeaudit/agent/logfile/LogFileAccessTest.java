package dev.kubeaudit.agent.logfile;

import static dev.kubeaudit.agent.logfile.LogFixture.create;
import static dev.kubeaudit.agent.logfile.LogFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * log.fileMode and log.group on real files: audit.log, a rotated backup, a compressed backup (its
 * temp file renamed into place), backups found at open, and the directory. The group is Debian's
 * {@code adm}, which exists on every Debian machine and which root may give files to.
 */
class LogFileAccessTest extends LogDirectoryTest {
    private static final String GROUP = "adm";
    private GroupPrincipal adm;

    @BeforeEach
    void groupExistsAndIsNotTheTestsOwn() throws IOException {
        try {
            adm = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP);
        } catch (UserPrincipalNotFoundException e) {
            throw new AssertionError("these tests need the group '" + GROUP + "' (every Debian has it)", e);
        }
        Path probe = Files.createFile(dir.resolve("probe"));
        assertThat(attributes(probe).group()).as("a new file's group must differ from '%s', or nothing is proven", GROUP)
                .isNotEqualTo(adm);
        Files.delete(probe);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "GZIP", "ZSTD"})
    void groupReadableFilesAreMode0640AndInTheGroupActiveRotatedAndCompressed(Compression c) throws IOException {
        LogFileSettings s = settings(c, new LogFileAccess(0640, GROUP));
        try (RotatingLogFile log = fx.open(s)) {
            write(log, "boo!");
            fx.twoDaysLater();
            write(log, "foooooo!");
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        Path backup = c == Compression.NONE ? fx.backupNow() : BackupNames.compressed(fx.backupNow(), c);
        assertThat(fx.names()).containsExactlyInAnyOrder("audit.log", backup.getFileName().toString());
        for (Path file : new Path[] {fx.active, backup}) {
            assertThat(mode(file)).as(file.toString()).isEqualTo("rw-r-----");
            assertThat(attributes(file).group()).as(file.toString()).isEqualTo(adm);
        }
        assertThat(mode(dir)).startsWith("rwxr-x");
        assertThat(attributes(dir).group()).isEqualTo(adm);
    }

    @Test
    void byDefaultEveryFileIsOwnerOnlyAndTheDirectoryIsLeftAsItIs() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        try (RotatingLogFile log = fx.open(settings(Compression.GZIP, LogFileAccess.OWNER_ONLY))) {
            write(log, "boo!");
            fx.twoDaysLater();
            write(log, "foooooo!");
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        assertThat(mode(fx.active)).isEqualTo("rw-------");
        assertThat(mode(BackupNames.compressed(fx.backupNow(), Compression.GZIP))).isEqualTo("rw-------");
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void openGivesBackupsFoundThereTheConfiguredAccessAndTakesItBackAgain() throws IOException {
        Path plain = fx.backupAt("2026-04-30T10:00:00Z");
        create(plain, "old\n");
        Path twin = BackupNames.compressed(fx.backupAt("2026-04-29T10:00:00Z"), Compression.GZIP);
        create(twin, "not gzip, never read here");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(twin, PosixFilePermissions.fromString("rw-r--r--"));

        fx.open(settings(Compression.NONE, new LogFileAccess(0640, GROUP))).close();
        for (Path file : new Path[] {plain, twin, fx.active}) {
            assertThat(mode(file)).as(file.toString()).isEqualTo("rw-r-----");
            assertThat(attributes(file).group()).as(file.toString()).isEqualTo(adm);
        }

        fx.open(settings(Compression.NONE, LogFileAccess.OWNER_ONLY)).close();
        for (Path file : new Path[] {plain, twin, fx.active}) {
            assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void aGroupThatDoesNotExistStopsTheOpenNamingLogGroup() {
        LogFileSettings s = settings(Compression.NONE, new LogFileAccess(0640, "no-such-group-here"));
        assertThatThrownBy(() -> fx.open(s)).isInstanceOf(IOException.class)
                .hasMessage("log.group: 'no-such-group-here' is no group of this host");
    }

    @Test
    void theCompressorGivesTheTwinItsModeBeforeItIsRenamedIntoPlace() throws IOException {
        Path plain = fx.backupNow();
        create(plain, "foo!\n");
        LogFilePermissions permissions = LogFilePermissions.of(new LogFileAccess(0640, GROUP), dir);
        Path twin = new Compressor(Compression.GZIP, 1, () -> false, permissions).compress(plain).orElseThrow();
        assertThat(mode(twin)).isEqualTo("rw-r-----");
        assertThat(attributes(twin).group()).isEqualTo(adm);
    }

    private LogFileSettings settings(Compression c, LogFileAccess access) {
        return new LogFileSettings(fx.active, 10, 0, 0, c, c == Compression.ZSTD ? 3 : 1, Duration.ZERO, access);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static PosixFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, PosixFileAttributes.class);
    }
}
