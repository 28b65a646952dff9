package dev.kubeaudit.shipper.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.logfile.BackupNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which backups are final, from the names present in the folder. */
class FinalSegmentPolicyTest {
    private static final Path ACTIVE = Path.of("/var/log/audit/audit.log");

    @ParameterizedTest(name = "compressed={0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "false | audit-2026-01-01T00-00-00.000.log | audit-2026-01-01T00-00-00.000.log",
            "true  | audit-2026-01-01T00-00-00.000.log | ''",
            "true  | audit-2026-01-01T00-00-00.000.log audit-2026-01-01T00-00-00.000.log.gz | ''",
            "true  | audit-2026-01-01T00-00-00.000.log.gz | audit-2026-01-01T00-00-00.000.log.gz",
            "true  | audit-2026-01-01T00-00-00.000.log.zst | audit-2026-01-01T00-00-00.000.log.zst",
            "false | audit-2026-01-01T00-00-00.000.log.gz | audit-2026-01-01T00-00-00.000.log.gz",
            "true  | audit-2026-01-02T00-00-00.000.log.gz audit-2026-01-01T00-00-00.000.log.gz"
                    + " | audit-2026-01-01T00-00-00.000.log.gz audit-2026-01-02T00-00-00.000.log.gz",
            "false | audit.log .audit-2026-01-01T00-00-00.000.log.gz.tmp notes.txt audit-2026-13-01T00-00-00.000.log | ''",
    })
    void finalSegmentsOldestFirst(boolean compressed, String present, String expected) {
        List<String> names = List.of(present.trim().split(" +"));
        List<dev.kubeaudit.agent.logfile.Backup> backups = names.stream()
                .map(n -> BackupNames.parse(ACTIVE, ACTIVE.resolveSibling(n)))
                .flatMap(Optional::stream).toList();
        List<String> finals = new FinalSegmentPolicy(compressed).finalSegments(backups).stream()
                .map(Segment::name).toList();
        assertThat(String.join(" ", finals)).isEqualTo(expected.trim());
    }
}
