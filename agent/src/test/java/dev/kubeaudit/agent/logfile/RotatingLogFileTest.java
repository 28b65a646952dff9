package dev.kubeaudit.agent.logfile;

import static dev.kubeaudit.agent.logfile.LogFixture.content;
import static dev.kubeaudit.agent.logfile.LogFixture.create;
import static dev.kubeaudit.agent.logfile.LogFixture.line;
import static dev.kubeaudit.agent.logfile.LogFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RotatingLogFileTest extends LogDirectoryTest {
    @Test
    void createsTheActiveFileAndWritesTheFirstLine() throws IOException {
        try (RotatingLogFile log = fx.open(0)) {
            write(log, "boo!");
        }
        assertThat(content(fx.active)).isEqualTo("boo!\n");
        assertThat(fx.names()).containsExactly("audit.log");
    }

    @Test
    void appendsToAnExistingActiveFile() throws IOException {
        create(fx.active, "foo!\n");
        try (RotatingLogFile log = fx.open(100)) {
            assertThat(log.size()).isEqualTo(5);
            write(log, "boo!");
        }
        assertThat(content(fx.active)).isEqualTo("foo!\nboo!\n");
        assertThat(fx.names()).containsExactly("audit.log");
    }

    @Test
    void createsMissingDirectoriesPrivate() throws IOException {
        Path nested = dir.resolve("a/b/audit.log");
        try (RotatingLogFile log = fx.open(LogFixture.settings(nested, 0, 0, 0, Compression.NONE))) {
            write(log, "boo!");
        }
        assertThat(content(nested)).isEqualTo("boo!\n");
        assumeTrue(posix());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b")))).isEqualTo("rwx------");
    }

    @Test
    void rotatesBeforeALineThatWouldExceedMaxBytes() throws IOException {
        try (RotatingLogFile log = fx.open(10)) {
            write(log, "boo!");              // 5 bytes
            fx.twoDaysLater();
            write(log, "foooooo!");          // 5 + 9 > 10: rotate first
        }
        assertThat(content(fx.active)).isEqualTo("foooooo!\n");
        assertThat(content(fx.backupAt("2026-05-03T10:00:00Z"))).isEqualTo("boo!\n");
        assertThat(fx.names()).containsExactly("audit-2026-05-03T10-00-00.000.log", "audit.log");
    }

    @Test
    void aLineThatExactlyFillsTheFileDoesNotRotateButTheNextDoes() throws IOException {
        try (RotatingLogFile log = fx.open(10)) {
            write(log, "boo!");
            write(log, "far!");              // 5 + 5 == 10: still fits
            assertThat(fx.names()).containsExactly("audit.log");
            write(log, "x");                 // 10 + 2 > 10
        }
        assertThat(content(fx.backupNow())).isEqualTo("boo!\nfar!\n");
        assertThat(content(fx.active)).isEqualTo("x\n");
    }

    @Test
    void firstWriteAfterOpenRotatesWhenExistingSizePlusLineReachesMax() throws IOException {
        create(fx.active, "boooo!\n");        // 7 bytes, as lumberjack's openExistingOrNew: 7 + 3 >= 10
        fx.twoDaysLater();
        try (RotatingLogFile log = fx.open(10)) {
            write(log, "fo");
        }
        assertThat(content(fx.active)).isEqualTo("fo\n");
        assertThat(content(fx.backupNow())).isEqualTo("boooo!\n");
        assertThat(fx.names()).hasSize(2);
    }

    @Test
    void firstWriteAfterOpenAppendsWhenExistingSizePlusLineStaysBelowMax() throws IOException {
        create(fx.active, "boo!\n");
        try (RotatingLogFile log = fx.open(10)) {
            write(log, "far");               // 5 + 4 < 10
        }
        assertThat(content(fx.active)).isEqualTo("boo!\nfar\n");
        assertThat(fx.names()).containsExactly("audit.log");
    }

    @Test
    void oversizeLineIsWrittenAloneCountedAndTheNextLineRotatesAgain() throws IOException {
        String big = "x".repeat(19);         // 20 bytes with '\n', max 10
        try (RotatingLogFile log = fx.open(10)) {
            write(log, "boo!");
            write(log, big);
            Path first = fx.backupNow();
            write(log, "next");
            assertThat(content(first)).isEqualTo("boo!\n");
            assertThat(content(BackupNames.backupFor(fx.active, fx.clock.instant().plusMillis(1)))).isEqualTo(big + "\n");
        }
        assertThat(content(fx.active)).isEqualTo("next\n");
        assertThat(fx.listener.eventsStartingWith("oversize")).containsExactly("oversize 20");
    }

    @Test
    void oversizeLineIntoAnEmptyFileDoesNotRotate() throws IOException {
        try (RotatingLogFile log = fx.open(10)) {
            write(log, "y".repeat(30));
        }
        assertThat(fx.names()).containsExactly("audit.log");
        assertThat(fx.listener.eventsStartingWith("rotated")).isEmpty();
        assertThat(fx.listener.eventsStartingWith("oversize")).containsExactly("oversize 31");
    }

    @Test
    void twoRotationsInOneMillisecondTakeTheNextFreeMillisecond() throws IOException {
        try (RotatingLogFile log = fx.open(5)) {
            write(log, "one");
            write(log, "two");
            write(log, "three");
        }
        assertThat(content(fx.backupAt("2026-05-01T10:00:00.000Z"))).isEqualTo("one\n");
        assertThat(content(fx.backupAt("2026-05-01T10:00:00.001Z"))).isEqualTo("two\n");
    }

    @Test
    void rotationNeverReusesANameTakenByACompressedBackup() throws IOException {
        Path taken = BackupNames.compressed(fx.backupNow(), Compression.GZIP);
        create(taken, "compress");
        try (RotatingLogFile log = fx.open(5)) {
            write(log, "one");
            write(log, "two");
        }
        assertThat(content(taken)).isEqualTo("compress");
        assertThat(content(fx.backupAt("2026-05-01T10:00:00.001Z"))).isEqualTo("one\n");
    }

    @Test
    void backupNameIsLaterThanTheNewestBackupWhenTheClockIsBehind() throws IOException {
        create(fx.backupAt("2026-05-01T10:00:05Z"), "later\n");
        try (RotatingLogFile log = fx.open(5)) {
            write(log, "one");
            write(log, "two");
        }
        assertThat(content(fx.backupAt("2026-05-01T10:00:05.001Z"))).isEqualTo("one\n");
    }

    @Test
    void rotateIntervalRotatesANonEmptyFileOnTick() throws IOException {
        LogFileSettings s = new LogFileSettings(fx.active, 0, 0, 0, Compression.NONE, 1, Duration.ofMinutes(5));
        try (RotatingLogFile log = fx.open(s)) {
            write(log, "boo!");
            fx.clock.advance(Duration.ofMinutes(4));
            log.tick();
            assertThat(fx.names()).containsExactly("audit.log");
            fx.clock.advance(Duration.ofMinutes(1));
            log.tick();
            assertThat(content(fx.backupNow())).isEqualTo("boo!\n");
            assertThat(log.size()).isZero();
            fx.clock.advance(Duration.ofMinutes(10));
            log.tick();                          // empty: never rotated
        }
        assertThat(fx.names()).hasSize(2);
    }

    @Test
    void rotatedIsCalledOnTheWritingThreadAfterTheNewFileExistsAndBeforeCompression() throws IOException {
        RotatingLogFile[] holder = new RotatingLogFile[1];
        boolean[] seen = new boolean[3];
        RecordingListener checking = new RecordingListener() {
            @Override
            public void rotated(Path backup) {
                super.rotated(backup);
                holder[0].awaitBackgroundIdle(LogFixture.WAIT);   // would let a queued compression finish
                seen[0] = Files.exists(backup);
                seen[1] = Files.exists(fx.active) && fx.active.toFile().length() == 0;
                seen[2] = Files.exists(BackupNames.compressed(backup, Compression.GZIP));
            }
        };
        try (RotatingLogFile log = RotatingLogFile.open(fx.settings(5, 0, 0, Compression.GZIP), fx.clock, checking, p -> true)) {
            holder[0] = log;
            write(log, "one");
            write(log, "two");
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        assertThat(checking.rotationThreads).containsExactly(Thread.currentThread());
        assertThat(seen).containsExactly(true, true, false);
        assertThat(checking.events).containsExactly("rotated audit-2026-05-01T10-00-00.000.log",
                "final audit-2026-05-01T10-00-00.000.log.gz");
    }

    @Test
    void segmentFinalFollowsRotationWhenCompressionIsOff() throws IOException {
        try (RotatingLogFile log = fx.open(5)) {
            write(log, "one");
            write(log, "two");
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        assertThat(fx.listener.events).containsExactly("rotated audit-2026-05-01T10-00-00.000.log",
                "final audit-2026-05-01T10-00-00.000.log");
    }

    @Test
    void newFilesArePrivate() throws IOException {
        assumeTrue(posix());
        try (RotatingLogFile log = fx.open(fx.settings(5, 0, 0, Compression.GZIP))) {
            write(log, "one");
            write(log, "two");
            log.awaitBackgroundIdle(LogFixture.WAIT);
        }
        assertThat(mode(fx.active)).isEqualTo("rw-------");
        assertThat(mode(BackupNames.compressed(fx.backupNow(), Compression.GZIP))).isEqualTo("rw-------");
    }

    @Test
    void sizeCountsBufferedBytesAndFlushHandsThemToTheFile() throws IOException {
        try (RotatingLogFile log = fx.open(0)) {
            write(log, "boo!");
            assertThat(log.size()).isEqualTo(5);
            assertThat(Files.size(fx.active)).isZero();
            log.flush();
            assertThat(Files.size(fx.active)).isEqualTo(5);
            log.sync();
            assertThat(log.activeFile()).isEqualTo(fx.active);
        }
    }

    @Test
    void writesLinesLargerThanTheBufferWhole() throws IOException {
        byte[] big = new byte[300 * 1024];
        Arrays.fill(big, (byte) 'a');
        big[big.length - 1] = '\n';
        try (RotatingLogFile log = fx.open(0)) {
            write(log, "small");
            log.write(big, 0, big.length);
            write(log, "after");
        }
        assertThat(Files.size(fx.active)).isEqualTo(6 + big.length + 6);
        assertThat(content(fx.active)).startsWith("small\naaa").endsWith("a\nafter\n");
    }

    @Test
    void rejectsAnythingButOneWholeLine() throws IOException {
        try (RotatingLogFile log = fx.open(0)) {
            assertThatThrownBy(() -> log.write("no newline".getBytes(), 0, 10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected: one whole line");
            assertThatThrownBy(() -> log.write(new byte[0], 0, 0)).isInstanceOf(IllegalArgumentException.class);
            byte[] two = line("ab");
            assertThatThrownBy(() -> log.write(two, 1, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void closeIsIdempotentFlushesAndStopsTheBackgroundThread() throws IOException {
        RotatingLogFile log = fx.open(fx.settings(0, 1, 0, Compression.NONE));   // retention starts the thread
        write(log, "boo!");
        assertThat(LogFixture.housekeeperAlive()).isTrue();
        log.close();
        log.close();
        assertThat(content(fx.active)).isEqualTo("boo!\n");
        assertThatThrownBy(() -> write(log, "late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
