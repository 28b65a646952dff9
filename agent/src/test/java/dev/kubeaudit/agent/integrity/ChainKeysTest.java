package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChainKeysTest {
    static final Instant T = Instant.parse("2026-11-27T03:16:01.250Z");
    static final String FILE = "audit-2026-11-27T03-16-01.000.log.gz";
    static final String HIVE_SEGMENT = "cluster=prod/dt=2026-11-27/cp-1_" + FILE;
    final ChainKeys plain = new ChainKeys("prod", "cp-1");
    final ChainKeys hive = new ChainKeys("prod", "cp-1", ArchiveLayout.HIVE);

    @Test
    void defaultKeysAreAsTheyAlwaysWere() {
        assertThat(plain.layout()).isEqualTo(ArchiveLayout.DEFAULT);
        assertThat(plain.nodePrefix()).isEqualTo("prod/cp-1/");
        assertThat(plain.segmentPrefix()).isEqualTo("prod/cp-1/");
        assertThat(plain.manifestKey("prod/cp-1/2026/11/27/" + FILE)).isEqualTo("prod/cp-1/2026/11/27/" + FILE + ".manifest");
        assertThat(plain.gapKey(7)).isEqualTo("prod/cp-1/integrity/gaps/00000000000000000007.manifest");
        assertThat(plain.checkpointKey(T, 12))
                .isEqualTo("prod/cp-1/integrity/checkpoints/2026/11/27/2026-11-27T03-16-01.250Z-12.checkpoint");
        assertThat(plain.origin()).isEqualTo("kube-audit-agent/prod/cp-1");
    }

    @Test
    void hiveKeepsEveryIntegrityObjectUnderIntegrityWithTheDefaultKey() {
        assertThat(hive.nodePrefix()).isEqualTo("_integrity/prod/cp-1/");
        assertThat(hive.segmentPrefix()).isEqualTo("cluster=prod/");
        assertThat(hive.manifestKey(HIVE_SEGMENT)).isEqualTo("_integrity/prod/cp-1/2026/11/27/" + FILE + ".manifest");
        assertThat(hive.gapKey(7)).isEqualTo("_integrity/" + plain.gapKey(7));
        assertThat(hive.checkpointKey(T, 12)).isEqualTo("_integrity/" + plain.checkpointKey(T, 12));
        assertThat(hive.checkpointPrefix()).isEqualTo("_integrity/prod/cp-1/integrity/checkpoints/");
        assertThat(hive.isCheckpoint(hive.checkpointKey(T, 12))).isTrue();
        assertThat(hive.isCheckpoint(plain.checkpointKey(T, 12))).isFalse();
        assertThat(hive.origin()).as("the same chain origin in both layouts").isEqualTo(plain.origin());
    }

    @Test
    void aHiveNodeHoldsItsSegmentsAmongThoseOfItsCluster() {
        assertThat(hive.holds(HIVE_SEGMENT)).isTrue();
        assertThat(hive.holds(hive.gapKey(0))).isTrue();
        assertThat(hive.holds("cluster=prod/dt=2026-11-27/cp-10_" + FILE)).as("another node").isFalse();
        assertThat(hive.holds("cluster=prod/dt=2026-11-27/cp-1_notes.txt")).as("no segment, but in its place").isTrue();
        assertThat(hive.holds("cluster=other/dt=2026-11-27/cp-1_" + FILE)).as("another cluster").isFalse();
        assertThat(hive.holds("prod/cp-1/2026/11/27/" + FILE)).as("the default layout's key").isFalse();
        assertThat(plain.holds("prod/cp-1/2026/11/27/" + FILE)).isTrue();
        assertThat(plain.holds(HIVE_SEGMENT)).isFalse();
    }

    @Test
    void theIntegrityAreaIsTheWholeIntegrityPrefixInHive() {
        assertThat(hive.inIntegrityArea("_integrity/prod/cp-1/2026/11/27/" + FILE)).isTrue();
        assertThat(hive.inIntegrityArea(HIVE_SEGMENT)).isFalse();
        assertThat(plain.inIntegrityArea("prod/cp-1/integrity/x")).isTrue();
        assertThat(plain.inIntegrityArea("prod/cp-1/2026/11/27/" + FILE)).isFalse();
    }

    @Test
    void aKeyThatIsNoHiveSegmentStillHasAManifestKeyForReports() {
        assertThat(hive.manifestKey("cluster=prod/dt=2026-11-27/cp-1_notes.txt"))
                .isEqualTo("_integrity/cluster=prod/dt=2026-11-27/cp-1_notes.txt.manifest");
    }

    @Test
    void hiveRefusesANodeWithAnUnderscore() {
        assertThatThrownBy(() -> new ChainKeys("prod", "cp_1", ArchiveLayout.HIVE)).hasMessageContaining("node: 'cp_1'");
        assertThat(new ChainKeys("prod", "cp_1").nodePrefix()).isEqualTo("prod/cp_1/");
    }

    @Test
    void keysTellTheirLayout() {
        assertThat(ArchiveLayout.ofKey(HIVE_SEGMENT)).isEqualTo(ArchiveLayout.HIVE);
        assertThat(ArchiveLayout.ofKey(hive.gapKey(1))).isEqualTo(ArchiveLayout.HIVE);
        assertThat(ArchiveLayout.ofKey(plain.gapKey(1))).isEqualTo(ArchiveLayout.DEFAULT);
        assertThat(ArchiveLayout.ofKey("prod/cp-1/2026/11/27/" + FILE)).isEqualTo(ArchiveLayout.DEFAULT);
    }
}
