package dev.kubeaudit.shipper.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipLedgerTest {
    @TempDir
    Path dir;

    private static LedgerEntry entry(String name) {
        return new LedgerEntry(name, "p/c/n/2026/11/27/" + name, 42, "ab".repeat(32), "\"etag\"", null,
                Instant.parse("2026-11-27T03:16:01Z"));
    }

    @Test
    void entriesSurviveReopening() throws Exception {
        try (ShipLedger ledger = ShipLedger.open(dir.resolve("state"))) {
            ledger.record(entry("a.log"));
            ledger.record(entry("b.log.gz"));
        }
        try (ShipLedger ledger = ShipLedger.open(dir.resolve("state"))) {
            assertThat(ledger.size()).isEqualTo(2);
            assertThat(ledger.entry("b.log.gz")).contains(new LedgerEntry("b.log.gz", "p/c/n/2026/11/27/b.log.gz", 42,
                    "ab".repeat(32), "\"etag\"", null, Instant.parse("2026-11-27T03:16:01Z")));
            assertThat(ledger.contains("c.log")).isFalse();
        }
    }

    @Test
    void aTornLastLineIsCutOffAndTheRestKept() throws Exception {
        try (ShipLedger ledger = ShipLedger.open(dir)) {
            ledger.record(entry("a.log"));
        }
        Files.writeString(dir.resolve(ShipLedger.FILE_NAME), "b.log\tp/c/n/20", StandardOpenOption.APPEND);
        try (ShipLedger ledger = ShipLedger.open(dir)) {
            assertThat(ledger.contains("a.log")).isTrue();
            assertThat(ledger.contains("b.log")).isFalse();
            ledger.record(entry("c.log"));
        }
        assertThat(Files.readAllLines(dir.resolve(ShipLedger.FILE_NAME))).hasSize(3);
    }

    @Test
    void compactionKeepsOnlyWantedEntriesDurably() throws Exception {
        try (ShipLedger ledger = ShipLedger.open(dir)) {
            ledger.record(entry("a.log"));
            ledger.record(entry("b.log"));
            assertThat(ledger.compact(Set.of("b.log")::contains)).isEqualTo(1);
            ledger.record(entry("c.log"));
        }
        try (ShipLedger ledger = ShipLedger.open(dir)) {
            assertThat(ledger.contains("a.log")).isFalse();
            assertThat(ledger.contains("b.log")).isTrue();
            assertThat(ledger.contains("c.log")).isTrue();
        }
    }

    @Test
    void theLedgerIsPrivateWhenCreatedAndAfterCompaction() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX file modes");
        Path file = dir.resolve(ShipLedger.FILE_NAME);
        try (ShipLedger ledger = ShipLedger.open(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            ledger.record(entry("a.log"));
            ledger.record(entry("b.log"));
            ledger.compact(Set.of("b.log")::contains);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aNewerVersionStopsStartUpWithAClearMessage() throws Exception {
        Files.writeString(dir.resolve(ShipLedger.FILE_NAME), "kube-audit-agent ship ledger v2\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ShipLedger.open(dir)).hasMessageContaining("newer version")
                .hasMessageContaining("ledger v2");
    }

    @Test
    void aCorruptEntryNamesItsLine() throws Exception {
        Files.writeString(dir.resolve(ShipLedger.FILE_NAME), "kube-audit-agent ship ledger v1\ngarbage\n");
        assertThatThrownBy(() -> ShipLedger.open(dir)).hasMessageContaining(ShipLedger.FILE_NAME + ":2:");
    }
}
