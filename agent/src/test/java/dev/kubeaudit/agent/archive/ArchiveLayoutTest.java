package dev.kubeaudit.agent.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.logfile.Compression;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {
    static final Instant T = Instant.parse("2026-11-27T03:16:01Z");
    static final String FILE = "audit-2026-11-27T03-16-01.000.log.gz";

    @Test
    void defaultKeysDateFoldersByTheSegmentsUtcDay() {
        assertThat(ArchiveLayout.DEFAULT.segmentKey("prod", "cp-1", FILE, T)).isEqualTo("prod/cp-1/2026/11/27/" + FILE);
        assertThat(ArchiveLayout.DEFAULT.manifestKey("prod/cp-1/2026/11/27/" + FILE))
                .isEqualTo("prod/cp-1/2026/11/27/" + FILE + ".manifest");
    }

    @Test
    void hiveKeysArePartitionFoldersAndKeepManifestsUnderIntegrity() {
        String key = ArchiveLayout.HIVE.segmentKey("prod", "cp-1", FILE, T);
        assertThat(key).isEqualTo("cluster=prod/dt=2026-11-27/cp-1_" + FILE);
        assertThat(ArchiveLayout.HIVE.manifestKey(key)).isEqualTo("_integrity/prod/cp-1/2026/11/27/" + FILE + ".manifest");
    }

    @Test
    void hiveRefusesANodeNameWithAnUnderscore() {
        assertThatThrownBy(() -> ArchiveLayout.HIVE.segmentKey("prod", "cp_1", FILE, T))
                .hasMessageContaining("node: 'cp_1'");
    }

    @Test
    void parsesKeysOfBothLayoutsBack() {
        SegmentKey hive = SegmentKey.parse("cluster=prod/dt=2026-11-27/cp-1_" + FILE).orElseThrow();
        assertThat(hive).isEqualTo(new SegmentKey(ArchiveLayout.HIVE, "cluster=prod/dt=2026-11-27/cp-1_" + FILE,
                "prod", "cp-1", FILE, T, Compression.GZIP));
        SegmentKey plain = SegmentKey.parse("prod/cp-1/2026/11/27/audit-2026-11-27T03-16-01.000.log").orElseThrow();
        assertThat(plain.layout()).isEqualTo(ArchiveLayout.DEFAULT);
        assertThat(plain.compression()).isEqualTo(Compression.NONE);
        assertThat(plain.manifestKey()).isEqualTo(plain.key() + ".manifest");
    }

    @Test
    void otherObjectsAreNoSegments() {
        assertThat(SegmentKey.parse("prod/cp-1/2026/11/27/" + FILE + ".manifest")).isEmpty();
        assertThat(SegmentKey.parse("prod/cp-1/integrity/checkpoints/2026/11/27/2026-11-27T03-16-01.000Z-3.checkpoint")).isEmpty();
        assertThat(SegmentKey.parse("prod/cp-1/integrity/gaps/00000000000000000001.manifest")).isEmpty();
        assertThat(SegmentKey.parse("_integrity/prod/cp-1/2026/11/27/" + FILE)).isEmpty();
        assertThat(SegmentKey.parse("prod/cp-1/2026/11/28/" + FILE)).as("date folder differs from the name").isEmpty();
        assertThat(SegmentKey.parse("cluster=prod/dt=2026-11-27/cp-1_notes.txt")).isEmpty();
        assertThat(SegmentKey.parse("prod/cp-1/2026/11/27/audit-2026-02-30T03-16-01.000.log")).isEmpty();
    }
}
