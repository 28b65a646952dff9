package dev.kubeaudit.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.archive.FileArchive;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.verify.ArchiveFixture.Written;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code verify --event}: the proof is checked here by hand, as an auditor would offline, with
 * SHA-256 and Ed25519 from the JDK only: RFC 6962 leaf and node hashes, the audit path folded as in
 * RFC 9162 §2.1.3.2, the checkpoint's note signature.
 */
class EventProofTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

    static LongStream seeds() {
        return LongStream.of(2, 31, 64, 500);
    }

    private EventSearch.Outcome find(String auditID) throws Exception {
        return new EventSearch(new FileArchive(dir), Runs.options(Runs.KEY)).find(auditID);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theProofOfAnEventChecksOutByHand(long seed) throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, seed, Runs.KEY, clock);
        Random random = new Random(seed);
        Written w = f.record(random.nextInt(f.records.size()));
        String line = w.lines().get(random.nextInt(w.lines().size()));
        String auditID = JSON.readTree(line).path("auditID").asText();
        EventSearch.Outcome outcome = find(auditID);
        assertThat(outcome.exitCode()).as("seed %d: %s", seed, outcome.message()).isZero();
        JsonNode proof = JSON.readTree(outcome.proof().toJson());

        assertThat(proof.path("auditID").asText()).isEqualTo(auditID);
        String manifestText = proof.path("manifest").path("text").asText();
        JsonNode manifest = JSON.readTree(manifestText.substring(0, manifestText.indexOf('\n')));
        JsonNode segment = manifest.path("segment");
        byte[] lineRoot = Base64.getDecoder().decode(segment.path("merkleRoot").asText());
        boolean sawLine = false;
        for (JsonNode l : proof.path("lines")) {
            byte[] bytes = l.path("line").asText().getBytes(StandardCharsets.UTF_8);
            assertThat(JSON.readTree(bytes).path("auditID").asText()).isEqualTo(auditID);
            assertThat(fold(leaf(bytes), l.path("index").asLong(), segment.path("lines").asLong(), l.path("path")))
                    .as("seed %d: line %s", seed, l.path("index")).isEqualTo(lineRoot);
            sawLine |= Arrays.equals(bytes, line.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(sawLine).as("the line asked about is among the proven ones").isTrue();
        assertThat(proof.path("segment").path("key").asText()).isEqualTo(manifest.path("key").asText());

        String checkpoint = proof.path("checkpoint").path("text").asText();
        String[] body = checkpoint.split("\n");
        assertThat(body[0]).isEqualTo("kube-audit-agent/" + f.node());
        byte[] checkpointRoot = Base64.getDecoder().decode(body[2]);
        byte[] manifestLeaf = leaf(manifestText.getBytes(StandardCharsets.UTF_8));
        assertThat(fold(manifestLeaf, proof.path("manifest").path("leafIndex").asLong(), Long.parseLong(body[1]),
                proof.path("manifest").path("path"))).as("seed %d", seed).isEqualTo(checkpointRoot);
        assertThat(proof.path("manifest").path("leafIndex").asLong()).isEqualTo(manifest.path("seq").asLong());
        assertThat(noteSignatureVerifies(checkpoint)).as("the checkpoint's note signature").isTrue();
        assertThat(noteSignatureVerifies(manifestText)).as("the manifest's note signature").isTrue();
    }

    @Test
    void anEventNoSegmentHoldsIsNotFound() throws Exception {
        ArchiveFixture.random(dir, 1, Runs.KEY, clock);
        EventSearch.Outcome outcome = find("00000000-0000-0000-0000-000000000000");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.proof()).isNull();
        assertThat(outcome.message()).contains("no event with auditID 00000000-0000-0000-0000-000000000000");
    }

    @Test
    void anEventNoCheckpointCoversYetHasAProofWithoutCheckpoint() throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, 2, Runs.KEY, clock);
        String line = ArchiveFixture.REAL_LINES.get(2900);
        Written last = f.segment(Compression.ZSTD, java.util.List.of(line));
        EventSearch.Outcome outcome = find(JSON.readTree(line).path("auditID").asText());
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(2);
        JsonNode proof = JSON.readTree(outcome.proof().toJson());
        assertThat(proof.path("checkpoint").isNull()).isTrue();
        assertThat(proof.path("segment").path("key").asText()).isEqualTo(last.segmentKey());
    }

    @Test
    void anEventInASegmentThatNoLongerMatchesItsManifestIsNotProven() throws Exception {
        ArchiveFixture f = new ArchiveFixture(dir, "prod", "node-t", Runs.KEY, clock);
        String line = ArchiveFixture.REAL_LINES.get(100);
        Written w = f.segment(Compression.NONE, ArchiveFixture.REAL_LINES.subList(100, 110));
        f.checkpoint();
        f.write(w.segmentKey(), ArchiveFixture.content(ArchiveFixture.REAL_LINES.subList(100, 109)));
        EventSearch.Outcome outcome = find(JSON.readTree(line).path("auditID").asText());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.message()).contains("does not match its manifest");
    }

    private static byte[] leaf(byte[] data) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update((byte) 0x00);
        return d.digest(data);
    }

    private static byte[] node(byte[] left, byte[] right) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update((byte) 0x01);
        d.update(left);
        return d.digest(right);
    }

    /** RFC 9162 §2.1.3.2, step by step. */
    private static byte[] fold(byte[] leaf, long index, long size, JsonNode path) throws Exception {
        assertThat(index).isLessThan(size);
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (JsonNode p : path) {
            byte[] h = Base64.getDecoder().decode(p.asText());
            assertThat(sn).as("path longer than the tree is deep").isPositive();
            if ((fn & 1) == 1 || fn == sn) {
                r = node(h, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, h);
            }
            fn >>= 1;
            sn >>= 1;
        }
        assertThat(sn).as("path shorter than the tree is deep").isZero();
        return r;
    }

    /** The first signature line of a signed note, checked with the JDK's Ed25519 and the agent's public key. */
    private static boolean noteSignatureVerifies(String note) throws Exception {
        int split = note.lastIndexOf("\n\n");
        byte[] message = note.substring(0, split + 1).getBytes(StandardCharsets.UTF_8);
        String signatureLine = note.substring(split + 2).split("\n")[0];
        byte[] blob = Base64.getDecoder().decode(signatureLine.substring(signatureLine.lastIndexOf(' ') + 1));
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] encoded = Arrays.copyOf(spki, spki.length + 32);
        System.arraycopy(Runs.KEY.verifierKey().raw(), 0, encoded, spki.length, 32);
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded)));
        s.update(message);
        return s.verify(Arrays.copyOfRange(blob, 4, blob.length));
    }
}
