package dev.kubeaudit.shipper.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.MerkleTree;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.shipper.integrity.PendingRecords.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain's local state: its file format, rolling pending records forward, and the sizes it lets be signed. */
class ChainTest {
    private static final String ORIGIN = "kube-audit-agent/c1/node-a";
    private static final SigningKey KEY = SigningKey.generate(ORIGIN);

    @TempDir
    Path dir;

    private static Record appendGap(Chain chain, String id) throws Exception {
        return chain.append((seq, prev) -> Manifest.gap(ORIGIN, seq, prev, "c1/node-a/integrity/gaps/" + seq,
                Instant.parse("2026-12-01T10:00:00Z"), KEY.verifierKey().keyIdHex(),
                new DeclaredGap(id, "unclean-stop", Instant.parse("2026-12-01T09:00:00Z"), "")), KEY);
    }

    @Test
    void theStateReadsBackAsWrittenAndGivesTheRootOfEverySizeFromItsBaseOn() {
        Random random = new Random(7);
        List<byte[]> leaves = new ArrayList<>();
        ChainState state = ChainState.empty(ORIGIN);
        for (int i = 0; i < 11; i++) {
            byte[] leaf = new byte[32];
            random.nextBytes(leaf);
            leaves.add(leaf);
            state = state.append(String.format("%064x", i + 1), leaf);
        }
        for (int base = 0; base <= 11; base++) {
            ChainState based = ChainState.parse(state.withBase(base).text());
            assertThat(based.text()).isEqualTo(state.withBase(base).text());
            for (int size = base; size <= 11; size++) {
                assertThat(based.root(size)).as("root of %d from base %d", size, base)
                        .isEqualTo(MerkleTree.root(leaves, size));
            }
        }
        assertThat(state.text()).startsWith("kube-audit-agent chain state v1\norigin " + ORIGIN + "\nnext 11\nprev "
                + String.format("%064x", 11) + "\nbase 0\nleaf ");
    }

    @Test
    void aStateOfANewerVersionIsRefused() {
        String text = ChainState.empty(ORIGIN).text().replace("state v1", "state v3");
        assertThatThrownBy(() -> ChainState.parse(text)).hasMessageContaining("newer version (v3)");
    }

    @Test
    void aRecordWrittenBeforeACrashLeftTheStateBehindIsRolledForwardWithItsSeqAndHash() throws Exception {
        Path stateFile = dir.resolve(ChainState.FILE_NAME);
        Record second;
        byte[] stateAfterFirst;
        Chain chain = Chain.open(dir, ORIGIN, () -> { });
        appendGap(chain, "g0");
        stateAfterFirst = Files.readAllBytes(stateFile);
        second = appendGap(chain, "g1");
        Files.write(stateFile, stateAfterFirst);   // as if halted between the pending record and the state

        Chain reopened = Chain.open(dir, ORIGIN, () -> { });
        assertThat(reopened.size()).isEqualTo(2);
        assertThat(reopened.hasGap("g1")).isTrue();
        Record third = appendGap(reopened, "g2");
        assertThat(third.seq()).isEqualTo(2);
        assertThat(third.manifest().prev()).isEqualTo(second.sealed().sha256Hex());
        assertThat(Files.readString(stateFile)).contains("next 3\n");
    }

    @Test
    void aPendingRecordThatDoesNotFollowTheStateStopsStartUp() throws Exception {
        Chain chain = Chain.open(dir, ORIGIN, () -> { });
        appendGap(chain, "g0");
        SealedManifest stray = SealedManifest.seal(Manifest.gap(ORIGIN, 5, "00", "k", Instant.EPOCH,
                KEY.verifierKey().keyIdHex(), new DeclaredGap("g5", "unclean-stop", Instant.EPOCH, "")), KEY);
        Files.write(dir.resolve("pending/00000000000000000005.manifest"), stray.bytes());
        assertThatThrownBy(() -> Chain.open(dir, ORIGIN, () -> { }))
                .hasMessageContaining("00000000000000000005.manifest: seq 5")
                .hasMessageContaining("does not follow the chain state (next 1");
    }

    @Test
    void aSizeIsRecordedBeforeItsRootIsSignedAndNoSmallerSizeIsSignedAfterIt() throws Exception {
        Chain chain = Chain.open(dir, ORIGIN, () -> { });
        List<Record> records = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Record r = appendGap(chain, "g" + i);
            records.add(r);
            leaves.add(r.sealed().leafHash());
        }
        chain.uploaded(records.get(1));
        assertThat(chain.uploadedPrefix()).as("record 0 is not uploaded").isZero();
        chain.uploaded(records.get(0));
        assertThat(chain.uploadedPrefix()).isEqualTo(2);
        assertThatThrownBy(() -> chain.checkpointRoot(3)).hasMessageContaining("checkpoint size 3 (expected: 0 to 2)");
        assertThat(chain.checkpointRoot(2)).isEqualTo(MerkleTree.root(leaves, 2));
        assertThat(Files.readString(dir.resolve(ChainState.FILE_NAME))).contains("base 2\n");
        assertThatThrownBy(() -> chain.checkpointRoot(1)).hasMessageContaining("(expected: 2 to 2)");

        Chain reopened = Chain.open(dir, ORIGIN, () -> { });
        assertThat(reopened.uploadedPrefix()).isEqualTo(2);
        assertThat(reopened.checkpointRoot(2)).isEqualTo(MerkleTree.root(leaves, 2));
        assertThat(Files.exists(records.get(0).file())).as("uploaded: deleted").isFalse();
    }

    @Test
    void aStateOfAnotherNodeStopsStartUp() throws Exception {
        appendGap(Chain.open(dir, ORIGIN, () -> { }), "g0");
        assertThatThrownBy(() -> Chain.open(dir, "kube-audit-agent/c1/node-b", () -> { }))
                .hasMessageContaining("the chain of '" + ORIGIN + "', not of 'kube-audit-agent/c1/node-b'");
    }

    @Test
    void aHiveChainsStateNamesItsLayoutAsVersion2AndReadsBack() {
        ChainState state = ChainState.empty(ORIGIN, ArchiveLayout.HIVE).append(String.format("%064x", 1), new byte[32]);
        assertThat(state.text()).startsWith("kube-audit-agent chain state v2\norigin " + ORIGIN + "\nlayout hive\nnext 1\n");
        ChainState read = ChainState.parse(state.text());
        assertThat(read.layout()).isEqualTo(ArchiveLayout.HIVE);
        assertThat(read.text()).isEqualTo(state.text());
        assertThat(ChainState.parse(ChainState.empty(ORIGIN).append(String.format("%064x", 1), new byte[32]).text())
                .layout()).as("v1: the default layout").isEqualTo(ArchiveLayout.DEFAULT);
        String unknown = state.text().replace("layout hive", "layout flat");
        assertThatThrownBy(() -> ChainState.parse(unknown)).hasMessageContaining("line 3: 'flat' (expected: default or hive)");
    }

    @Test
    void aChainNeverChangesLayout() throws Exception {
        appendGap(Chain.open(dir, ORIGIN, () -> { }), "g0");
        assertThatThrownBy(() -> Chain.open(dir, ORIGIN, ArchiveLayout.HIVE, () -> { }))
                .hasMessageContaining("the chain of '" + ORIGIN + "' keys its objects in the default layout, not in the"
                        + " hive layout ship.layout names (expected: ship.layout: default; a chain never changes layout:")
                .hasMessageContaining("set a new ship.destination prefix and move chain.state and pending/ out of " + dir);
        assertThat(Chain.open(dir, ORIGIN, ArchiveLayout.DEFAULT, () -> { }).size()).isEqualTo(1);
    }

    @Test
    void aPendingRecordOfAnotherLayoutStopsStartUp() throws Exception {
        Path hiveDir = dir.resolve("hive");
        Chain hive = Chain.open(hiveDir, ORIGIN, ArchiveLayout.HIVE, () -> { });
        hive.append((seq, prev) -> Manifest.gap(ORIGIN, seq, prev, "_integrity/c1/node-a/integrity/gaps/" + seq,
                Instant.parse("2026-12-01T10:00:00Z"), KEY.verifierKey().keyIdHex(),
                new DeclaredGap("g0", "unclean-stop", Instant.parse("2026-12-01T09:00:00Z"), "")), KEY);
        Files.delete(hiveDir.resolve(ChainState.FILE_NAME));   // a crash before the first state was written
        assertThatThrownBy(() -> Chain.open(hiveDir, ORIGIN, ArchiveLayout.DEFAULT, () -> { }))
                .hasMessageContaining("keys its objects in the hive layout, not in the default layout");
    }
}
