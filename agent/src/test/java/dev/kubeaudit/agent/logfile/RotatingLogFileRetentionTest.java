package dev.kubeaudit.agent.logfile;

import static dev.kubeaudit.agent.logfile.LogFixture.content;
import static dev.kubeaudit.agent.logfile.LogFixture.create;
import static dev.kubeaudit.agent.logfile.LogFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retention as RotatingLogFile runs it: after rotations, at open and from tick, in the background. */
class RotatingLogFileRetentionTest extends LogDirectoryTest {
    @Test
    void maxBackupsKeepsTheNewestBackups() throws IOException {
        try (RotatingLogFile log = fx.open(fx.settings(10, 1, 0, Compression.NONE))) {
            write(log, "boo!");
            fx.twoDaysLater();
            write(log, "foooooo!");
            Path second = fx.backupNow();
            fx.twoDaysLater();
            write(log, "baaaaaar!");
            Path third = fx.backupNow();
            log.flush();
            log.awaitBackgroundIdle(LogFixture.WAIT);

            assertThat(second).doesNotExist();
            assertThat(content(third)).isEqualTo("foooooo!\n");
            assertThat(content(fx.active)).isEqualTo("baaaaaar!\n");
            assertThat(fx.names()).hasSize(2);
            assertThat(fx.listener.eventsStartingWith("deleted")).containsExactly("deleted " + second.getFileName());
        }
    }

    @Test
    void retentionNeverTouchesForeignFilesDirectoriesOrTheActiveFile() throws IOException {
        String[] foreign = {"audit.log.foo", "audit-2026-05-01T10-00-00.000.log.bak", "other-2026-04-01T10-00-00.000.log",
            "audit-2026-04-01T10-00-00.log", "audit-2026-02-30T10-00-00.000.log", ".audit-2026-04-01T10-00-00.000.log.gz.tmpx"};
        for (String name : foreign) {
            create(dir.resolve(name), "data");
        }
        Path dirLookingLikeABackup = fx.backupAt("2026-04-01T00:00:00Z");
        Files.createDirectory(dirLookingLikeABackup);
        create(fx.backupAt("2026-04-02T00:00:00Z"), "old\n");
        try (RotatingLogFile log = fx.open(fx.settings(10, 1, 1, Compression.NONE))) {
            write(log, "boo!");
            fx.twoDaysLater();
            write(log, "foooooo!");
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        for (String name : foreign) {
            assertThat(dir.resolve(name)).exists();
        }
        assertThat(dirLookingLikeABackup).isDirectory();
        assertThat(fx.backupAt("2026-04-02T00:00:00Z")).doesNotExist();
        assertThat(content(fx.backupNow())).isEqualTo("boo!\n");
        assertThat(content(fx.active)).isEqualTo("foooooo!\n");
    }

    @Test
    void cleansUpExistingBackupsBeyondMaxBackups() throws IOException {
        create(fx.backupNow(), "data");
        fx.twoDaysLater();
        create(BackupNames.compressed(fx.backupNow(), Compression.GZIP), "data");
        fx.twoDaysLater();
        create(fx.backupNow(), "data");
        create(fx.active, "data\n");
        fx.twoDaysLater();
        try (RotatingLogFile log = fx.open(fx.settings(10, 1, 0, Compression.NONE))) {
            write(log, "foooooo!");
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        assertThat(fx.names()).containsExactly("audit-2026-05-07T10-00-00.000.log", "audit.log");
    }

    @Test
    void maxAgeRemovesBackupsByTheirNameTimestamp() throws IOException {
        try (RotatingLogFile log = fx.open(fx.settings(10, 0, 1, Compression.NONE))) {
            write(log, "boo!");
            fx.twoDaysLater();
            write(log, "foooooo!");
            Path first = fx.backupNow();
            log.awaitBackgroundIdle(LogFixture.WAIT);
            assertThat(fx.names()).hasSize(2);       // just created: not old
            fx.twoDaysLater();
            write(log, "baaaaar!");
            log.flush();
            log.awaitBackgroundIdle(LogFixture.WAIT);

            assertThat(first).doesNotExist();
            assertThat(content(fx.backupNow())).isEqualTo("foooooo!\n");
            assertThat(content(fx.active)).isEqualTo("baaaaar!\n");
            assertThat(fx.names()).hasSize(2);
        }
    }

    @Test
    void maxAgeIgnoresModificationTimes() throws IOException {
        Path oldName = fx.backupAt("2026-04-20T10:00:00Z");
        Path newName = fx.backupAt("2026-04-30T12:00:00Z");
        create(oldName, "old\n");
        create(newName, "new\n");
        Files.setLastModifiedTime(newName, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        try (RotatingLogFile log = fx.open(fx.settings(10, 0, 2, Compression.NONE))) {
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        assertThat(oldName).doesNotExist();
        assertThat(newName).exists();
    }

    @Test
    void maxBackupsAndMaxAgeTogether() throws IOException {
        for (String t : new String[] {"2026-04-01T00:00:00Z", "2026-04-28T00:00:00Z", "2026-04-29T00:00:00Z", "2026-04-30T00:00:00Z"}) {
            create(fx.backupAt(t), t + "\n");
        }
        try (RotatingLogFile log = fx.open(fx.settings(10, 3, 10, Compression.NONE))) {
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        assertThat(fx.names()).containsExactly("audit-2026-04-28T00-00-00.000.log",
                "audit-2026-04-29T00-00-00.000.log", "audit-2026-04-30T00-00-00.000.log", "audit.log");
        create(fx.backupAt("2026-04-30T01:00:00Z"), "x\n");
        fx.clock.set(Instant.parse("2026-05-09T12:00:00Z"));     // 04-28 is now older than 10 days
        try (RotatingLogFile log = fx.open(fx.settings(10, 3, 10, Compression.NONE))) {
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        assertThat(fx.names()).containsExactly("audit-2026-04-30T00-00-00.000.log",
                "audit-2026-04-30T01-00-00.000.log", "audit.log");
    }

    @Test
    void heldBackupsStayUntilMayDeleteAllowsThem() throws IOException {
        Path old = fx.backupAt("2026-04-01T00:00:00Z");
        create(old, "unshipped\n");
        fx.mayDelete = p -> false;
        try (RotatingLogFile log = fx.open(fx.settings(10, 0, 1, Compression.NONE))) {
            log.awaitBackgroundIdle(LogFixture.WAIT);
            assertThat(old).exists();
            assertThat(fx.listener.eventsStartingWith("held")).containsExactly("held " + old.getFileName());

            fx.mayDelete = p -> true;
            fx.clock.advance(Duration.ofSeconds(59));
            log.tick();
            log.awaitBackgroundIdle(LogFixture.WAIT);
            assertThat(old).exists();                          // less than a minute: no new pass
            fx.clock.advance(Duration.ofSeconds(1));
            log.tick();
            log.awaitBackgroundIdle(LogFixture.WAIT);
            assertThat(old).doesNotExist();
            assertThat(fx.listener.eventsStartingWith("deleted")).containsExactly("deleted " + old.getFileName());
        }
    }

    @Test
    void retentionRunsFromTickWithoutRotation() throws IOException {
        Path backup = fx.backupAt("2026-04-30T10:00:00Z");
        create(backup, "data\n");
        try (RotatingLogFile log = fx.open(fx.settings(100, 0, 2, Compression.NONE))) {
            log.awaitBackgroundIdle(LogFixture.WAIT);
            assertThat(backup).exists();
            fx.twoDaysLater();
            log.tick();
            Await.awaitUntil(LogFixture.WAIT, () -> !Files.exists(backup), "backup past maxAge deleted by the periodic pass");
        }
    }

    @Test
    void aFailedRetentionIsReportedAndRetriedAtTheNextTick() throws IOException {
        Path old = fx.backupAt("2026-04-01T00:00:00Z");
        create(old, "data\n");
        AtomicInteger calls = new AtomicInteger();
        fx.mayDelete = p -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("ledger unavailable");
            }
            return true;
        };
        try (RotatingLogFile log = fx.open(fx.settings(10, 0, 1, Compression.NONE))) {
            log.awaitBackgroundIdle(LogFixture.WAIT);
            assertThat(old).exists();
            assertThat(fx.listener.eventsStartingWith("failure")).containsExactly("failure retention " + dir.getFileName());
            log.tick();
            log.awaitBackgroundIdle(LogFixture.WAIT);
            assertThat(old).doesNotExist();
        }
        assertThat(fx.listener.failures).singleElement().satisfies(e -> assertThat(e).hasMessage("ledger unavailable"));
        fx.listener.failures.clear();
    }
}
