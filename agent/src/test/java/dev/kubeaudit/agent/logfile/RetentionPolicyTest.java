package dev.kubeaudit.agent.logfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionPolicyTest {
    static final Path ACTIVE = Path.of("/var/log/kube/audit.log");
    static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");

    /** Backups named by "yyyy-MM-ddTHH:mm:ssZ[.gz|.zst]", given newest first. */
    static List<Backup> backups(String... specs) {
        List<Backup> list = new ArrayList<>();
        for (String spec : specs) {
            String time = spec.replaceAll("\\.(gz|zst)$", "");
            Compression c = spec.endsWith(".gz") ? Compression.GZIP : spec.endsWith(".zst") ? Compression.ZSTD : Compression.NONE;
            Instant t = Instant.parse(time);
            list.add(new Backup(BackupNames.compressed(BackupNames.backupFor(ACTIVE, t), c), t, c));
        }
        return list;
    }

    static List<String> names(List<Backup> backups) {
        return backups.stream().map(b -> b.path().getFileName().toString()).toList();
    }

    @Test
    void zeroLimitsDeleteNothing() {
        RetentionPolicy none = new RetentionPolicy(0, 0);
        assertThat(none.limited()).isFalse();
        assertThat(none.toDelete(backups("2020-01-01T00:00:00Z", "2019-01-01T00:00:00Z"), NOW, p -> true)).isEmpty();
    }

    @Test
    void maxBackupsKeepsTheNewestN() {
        List<Backup> all = backups("2026-05-09T00:00:00Z", "2026-05-08T00:00:00Z", "2026-05-07T00:00:00Z");
        assertThat(names(new RetentionPolicy(2, 0).toDelete(all, NOW, p -> true)))
                .containsExactly("audit-2026-05-07T00-00-00.000.log");
    }

    @Test
    void aPlainBackupAndItsCompressedTwinCountOnce() {
        List<Backup> all = backups("2026-05-09T00:00:00Z.gz", "2026-05-08T00:00:00Z", "2026-05-08T00:00:00Z.gz",
                "2026-05-07T00:00:00Z.zst");
        assertThat(names(new RetentionPolicy(2, 0).toDelete(all, NOW, p -> true)))
                .containsExactly("audit-2026-05-07T00-00-00.000.log.zst");
        assertThat(names(new RetentionPolicy(1, 0).toDelete(all, NOW, p -> true))).containsExactly(
                "audit-2026-05-08T00-00-00.000.log", "audit-2026-05-08T00-00-00.000.log.gz",
                "audit-2026-05-07T00-00-00.000.log.zst");
    }

    @ParameterizedTest
    @CsvSource({
        "2026-05-09T12:00:00Z, 1, false",
        "2026-05-09T12:00:00.000Z, 1, false",   // exactly at the cutoff: kept, as lumberjack's Before
        "2026-05-09T11:59:59.999Z, 1, true",
        "2026-04-10T12:00:00Z, 30, false",
        "2026-04-10T11:00:00Z, 30, true",
    })
    void maxAgeComparesTheNameTimestampWithNow(String time, int days, boolean deleted) {
        assertThat(new RetentionPolicy(0, days).toDelete(backups(time), NOW, p -> true)).hasSize(deleted ? 1 : 0);
    }

    @Test
    void maxAgeAppliesToBackupsMaxBackupsKept() {
        List<Backup> all = backups("2026-05-10T00:00:00Z", "2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z");
        assertThat(names(new RetentionPolicy(2, 5).toDelete(all, NOW, p -> true)))
                .containsExactly("audit-2026-05-01T00-00-00.000.log", "audit-2026-04-01T00-00-00.000.log");
    }

    @Test
    void mayDeleteHoldsBackupsWithoutChangingWhatIsKept() {
        List<Backup> all = backups("2026-05-09T00:00:00Z", "2026-05-08T00:00:00Z", "2026-05-07T00:00:00Z");
        RetentionPolicy policy = new RetentionPolicy(1, 0);
        Path held = all.get(1).path();
        assertThat(names(policy.expired(all, NOW))).containsExactly(
                "audit-2026-05-08T00-00-00.000.log", "audit-2026-05-07T00-00-00.000.log");
        assertThat(names(policy.toDelete(all, NOW, p -> !p.equals(held))))
                .containsExactly("audit-2026-05-07T00-00-00.000.log");
    }

    @Test
    void inputOrderDoesNotMatter() {
        List<Backup> all = new ArrayList<>(backups("2026-05-07T00:00:00Z", "2026-05-09T00:00:00Z", "2026-05-08T00:00:00Z"));
        assertThat(names(new RetentionPolicy(1, 0).toDelete(all, NOW, p -> true)))
                .containsExactlyInAnyOrder("audit-2026-05-08T00-00-00.000.log", "audit-2026-05-07T00-00-00.000.log");
    }

    @ParameterizedTest
    @CsvSource({"-1, 0, 'maxBackups: -1 (expected: >= 0)'", "0, -2, 'maxAgeDays: -2 (expected: >= 0)'"})
    void rejectsNegativeLimits(int maxBackups, int maxAgeDays, String message) {
        assertThatThrownBy(() -> new RetentionPolicy(maxBackups, maxAgeDays))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void backupsHelperBuildsRealNames() {
        assertThat(names(backups("2026-05-09T00:00:00Z.gz"))).isEqualTo(Arrays.asList("audit-2026-05-09T00-00-00.000.log.gz"));
    }
}
