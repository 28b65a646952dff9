package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GapInboxTest {
    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private Path inboxDir() {
        return dir.resolve("journal").resolve("integrity");
    }

    private Path file() {
        return inboxDir().resolve(GapInbox.FILE_NAME);
    }

    private static DeclaredGap gap(String id, String detail) {
        return new DeclaredGap(id, DeclaredGap.UNCLEAN_STOP, T, detail);
    }

    @Test
    void aNewInboxIsAPrivateDirectoryWithAVersionedEmptyFile() throws IOException {
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            assertThat(inbox.pending()).isEmpty();
        }
        assertThat(file()).hasContent("kube-audit-agent declared gaps v1");
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX file modes");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(inboxDir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    @Test
    void declaredGapsAreOnDiskInOrderWhenDeclareReturnsAndSurviveAReopen() throws IOException {
        DeclaredGap first = DeclaredGap.of(DeclaredGap.UNCLEAN_STOP, T, "the run started at X did not stop");
        DeclaredGap second = DeclaredGap.of(DeclaredGap.JOURNAL_TAIL_LOST, T.plusSeconds(1), "index 9 > 4");
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            inbox.declare(first);
            inbox.declare(second);
            assertThat(Files.readAllLines(file())).containsExactly("kube-audit-agent declared gaps v1",
                    first.id() + "\tunclean-stop\t2026-05-01T10:00:00Z\tthe run started at X did not stop",
                    second.id() + "\tjournal-tail-lost\t2026-05-01T10:00:01Z\tindex 9 > 4");
        }
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            assertThat(inbox.pending()).containsExactly(first, second);
        }
    }

    @Test
    void consumedDropsEveryGapUpToAndIncludingTheIdAndKeepsTheRest() throws IOException {
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            inbox.declare(gap("a", "1"));
            inbox.declare(gap("b", "2"));
            inbox.declare(gap("c", "3"));
            inbox.consumed("b");
            assertThat(inbox.pending()).containsExactly(gap("c", "3"));
            inbox.declare(gap("d", "4"));
            assertThat(inbox.pending()).containsExactly(gap("c", "3"), gap("d", "4"));
            inbox.consumed("d");
            assertThat(inbox.pending()).isEmpty();
        }
        assertThat(file()).hasContent("kube-audit-agent declared gaps v1");
        assertThat(Files.exists(file().resolveSibling(".declared-gaps.tmp"))).isFalse();
    }

    @Test
    void consumedWithAnIdNotPendingIsRefusedAndChangesNothing() throws IOException {
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            inbox.declare(gap("a", "1"));
            assertThatThrownBy(() -> inbox.consumed("zzz")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gap id: zzz (expected: the id of a pending gap");
            assertThat(inbox.pending()).containsExactly(gap("a", "1"));
        }
    }

    @Test
    void anIdAlreadyPendingIsRefused() throws IOException {
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            inbox.declare(gap("a", "1"));
            assertThatThrownBy(() -> inbox.declare(gap("a", "2"))).isInstanceOf(IllegalArgumentException.class);
            assertThat(inbox.pending()).containsExactly(gap("a", "1"));
        }
        assertThat(Files.readAllLines(file())).hasSize(2);
    }

    @Test
    void aTornLastLineLeftByACrashIsCutOnOpen() throws IOException {
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            inbox.declare(gap("a", "1"));
        }
        Files.writeString(file(), "b\tunclean-st", StandardOpenOption.APPEND);
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            assertThat(inbox.pending()).containsExactly(gap("a", "1"));
            inbox.declare(gap("c", "3"));
        }
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            assertThat(inbox.pending()).containsExactly(gap("a", "1"), gap("c", "3"));
        }
    }

    @Test
    void aTornHeaderIsWrittenAgain() throws IOException {
        Files.createDirectories(inboxDir());
        Files.writeString(file(), "kube-audit-agent decl");
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            assertThat(inbox.pending()).isEmpty();
        }
        assertThat(file()).hasContent("kube-audit-agent declared gaps v1");
    }

    @Test
    void aNewerVersionStopsWithAMessageNamingTheFile() throws IOException {
        Files.createDirectories(inboxDir());
        Files.writeString(file(), "kube-audit-agent declared gaps v2\n");
        assertThatThrownBy(() -> GapInbox.open(inboxDir())).isInstanceOf(IOException.class)
                .hasMessage(file() + ": written by a newer version of the agent (kube-audit-agent declared gaps v2);"
                        + " this version reads up to v1: upgrade the agent");
    }

    @Test
    void aDamagedLineIsReportedWithItsLineNumber() throws IOException {
        Files.createDirectories(inboxDir());
        Files.writeString(file(), "kube-audit-agent declared gaps v1\na\tunclean-stop\t2026-05-01T10:00:00Z\tok\n"
                + "b\tunclean-stop\tyesterday\tbad time\n");
        assertThatThrownBy(() -> GapInbox.open(inboxDir())).hasMessageStartingWith(file() + ":3: not a declared gap");
    }

    @Test
    void anotherFileInItsPlaceIsNotTakenForAnInbox() throws IOException {
        Files.createDirectories(inboxDir());
        Files.writeString(file(), "kube-audit-agent ship ledger v1\n");
        assertThatThrownBy(() -> GapInbox.open(inboxDir())).hasMessage(file()
                + ":1: not a file of kube-audit-agent declared gaps (expected: kube-audit-agent declared gaps v1)");
    }

    @Test
    void threadsDeclaringAtOnceLoseNoGap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        inbox.declare(gap("t" + thread + "-" + i, "d"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(inbox.pending()).hasSize(100);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        try (GapInbox inbox = GapInbox.open(inboxDir())) {
            assertThat(inbox.pending()).hasSize(100);
        }
        assertThat(new String(Files.readAllBytes(file()), StandardCharsets.UTF_8)).endsWith("\n");
    }

    @Test
    void aClosedInboxRefusesToDeclare() throws IOException {
        GapInbox inbox = GapInbox.open(inboxDir());
        inbox.close();
        inbox.close();
        assertThatThrownBy(() -> inbox.declare(gap("a", "1"))).isInstanceOf(IOException.class)
                .hasMessageContaining("is closed");
    }
}
