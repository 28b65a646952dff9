package dev.kubeaudit.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Checks a {@code verify --event} proof as an auditor would offline, with the JDK's SHA-256 and
 * Ed25519 only and none of the project's integrity code: RFC 6962 leaf and node hashes, each audit
 * path folded as in RFC 9162 §2.1.3.2, the notes' Ed25519 signatures with the agent's public key.
 */
public final class ProofByHand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProofByHand() {
    }

    /**
     * Asserts that {@code proofJson} proves {@code line} (an event of {@code auditID}) in the archive
     * of {@code node} ({@code cluster/node}): line → segment root → manifest → signed checkpoint,
     * both notes signed by one of {@code publicKeys} (32 raw bytes each: a key rotation can sign the
     * manifest with one key and the checkpoint with the next).
     */
    public static void check(String proofJson, String auditID, String line, String node, byte[]... publicKeys)
            throws Exception {
        JsonNode proof = JSON.readTree(proofJson);
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
                    .as("line %s folds to the manifest's merkleRoot", l.path("index")).isEqualTo(lineRoot);
            sawLine |= Arrays.equals(bytes, line.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(sawLine).as("the line asked about is among the proven ones").isTrue();
        assertThat(proof.path("segment").path("key").asText()).isEqualTo(manifest.path("key").asText());

        String checkpoint = proof.path("checkpoint").path("text").asText();
        String[] body = checkpoint.split("\n");
        assertThat(body[0]).isEqualTo("kube-audit-agent/" + node);
        byte[] manifestLeaf = leaf(manifestText.getBytes(StandardCharsets.UTF_8));
        assertThat(fold(manifestLeaf, proof.path("manifest").path("leafIndex").asLong(), Long.parseLong(body[1]),
                proof.path("manifest").path("path"))).as("the manifest folds to the checkpoint's root")
                .isEqualTo(Base64.getDecoder().decode(body[2]));
        assertThat(proof.path("manifest").path("leafIndex").asLong()).isEqualTo(manifest.path("seq").asLong());
        assertThat(noteSignatureVerifies(checkpoint, publicKeys)).as("the checkpoint's note signature").isTrue();
        assertThat(noteSignatureVerifies(manifestText, publicKeys)).as("the manifest's note signature").isTrue();
    }

    private static byte[] leaf(byte[] data) throws GeneralSecurityException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update((byte) 0x00);
        return d.digest(data);
    }

    private static byte[] node(byte[] left, byte[] right) throws GeneralSecurityException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update((byte) 0x01);
        d.update(left);
        return d.digest(right);
    }

    /** RFC 9162 §2.1.3.2, step by step. */
    private static byte[] fold(byte[] leaf, long index, long size, JsonNode path) throws GeneralSecurityException {
        assertThat(index).isLessThan(size);
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (JsonNode p : path) {
            byte[] h = Base64.getDecoder().decode(p.asText());
            assertThat(sn).as("path longer than the tree is deep").isPositive();
            if ((fn & 1) == 1 || fn == sn) {
                r = node(h, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
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

    /** The first signature line of a signed note, checked with the JDK's Ed25519 against each key. */
    private static boolean noteSignatureVerifies(String note, byte[]... publicKeys) throws GeneralSecurityException {
        int split = note.lastIndexOf("\n\n");
        byte[] message = note.substring(0, split + 1).getBytes(StandardCharsets.UTF_8);
        String signatureLine = note.substring(split + 2).split("\n")[0];
        byte[] blob = Base64.getDecoder().decode(signatureLine.substring(signatureLine.lastIndexOf(' ') + 1));
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
        for (byte[] publicKey : publicKeys) {
            byte[] encoded = Arrays.copyOf(spki, spki.length + 32);
            System.arraycopy(publicKey, 0, encoded, spki.length, 32);
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded)));
            s.update(message);
            if (s.verify(Arrays.copyOfRange(blob, 4, blob.length))) {
                return true;
            }
        }
        return false;
    }
}
