package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
    private static final SigningKey KEY = SigningKey.generate("kube-audit-agent/prod/node-1");
    private static final String KEY_ID = KEY.verifierKey().keyIdHex();

    private static Manifest segment(long seq, String prev) {
        SegmentFacts facts = new SegmentFacts(10, "ab".repeat(32), "gzip", 20, "cd".repeat(32), 2,
                MerkleTree.emptyRoot(), "id-\"1\"", "id-2", "2026-12-05T07:59:59.000001Z", "2026-12-05T08:00:00.5Z");
        return Manifest.segment("kube-audit-agent/prod/node-1", seq, prev,
                "prod/node-1/2026/12/05/audit-2026-12-05T08-00-00.000.log.gz", Instant.parse("2026-12-05T08:00:01Z"),
                KEY_ID, Instant.parse("2026-12-05T08:00:00Z"), facts, 100L, 142L);
    }

    @Test
    void aSegmentManifestIsOneLineInAFixedOrderAndReadsBack() throws Exception {
        Manifest m = segment(0, "");
        String json = ManifestJson.write(m);
        assertThat(json).doesNotContain("\n").startsWith("{\"format\":1,\"kind\":\"segment\",\"origin\":"
                + "\"kube-audit-agent/prod/node-1\",\"seq\":0,\"prev\":\"\",\"key\":");
        assertThat(ManifestJson.parse(json)).isEqualTo(m);
        SealedManifest sealed = SealedManifest.seal(m, KEY);
        SealedManifest read = SealedManifest.parse(sealed.bytes());
        assertThat(read.manifest()).isEqualTo(m);
        assertThat(read.verify(List.of(KEY.verifierKey()))).isEqualTo(SignedNote.Verdict.VERIFIED);
        assertThat(read.sha256Hex()).isEqualTo(Digests.hex(Digests.sha256(sealed.bytes())));
        assertThat(read.leafHash()).isEqualTo(MerkleTree.leafHash(sealed.bytes()));
    }

    @Test
    void aGapRecordReadsBack() throws Exception {
        Manifest gap = Manifest.gap("kube-audit-agent/prod/node-1", 3, "ef".repeat(32),
                "prod/node-1/integrity/gaps/00000000000000000003.manifest", Instant.parse("2026-12-05T08:00:01Z"), KEY_ID,
                new DeclaredGap("g1", "journal-tail-lost", Instant.parse("2026-12-05T08:00:00Z"), "checkpoint 9, last 7"));
        SealedManifest read = SealedManifest.parse(SealedManifest.seal(gap, KEY).bytes());
        assertThat(read.manifest()).isEqualTo(gap);
        assertThat(read.manifest().isGap()).isTrue();
    }

    @Test
    void aNewerFormatOrAChangedByteIsRefused() throws Exception {
        String json = ManifestJson.write(segment(1, "00".repeat(32)));
        assertThatThrownBy(() -> ManifestJson.parse(json.replace("\"format\":1", "\"format\":2")))
                .hasMessageContaining("format 2");
        assertThatThrownBy(() -> ManifestJson.parse(json.replace("\"seq\":1", "\"seq\":\"1\"")))
                .hasMessageContaining("seq");
        byte[] bytes = SealedManifest.seal(segment(1, "00".repeat(32)), KEY).bytes();
        String changed = new String(bytes, StandardCharsets.UTF_8).replace("\"lines\":2", "\"lines\":3");
        assertThat(SealedManifest.parse(changed.getBytes(StandardCharsets.UTF_8)).verify(List.of(KEY.verifierKey())))
                .isEqualTo(SignedNote.Verdict.BAD_SIGNATURE);
    }
}
