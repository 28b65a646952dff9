package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys and notes against the example of golang.org/x/mod/sumdb/note (BSD-3-Clause; its package
 * documentation): key, signer key, text and signature, byte for byte.
 */
class SignedNoteTest {
    private static final String VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String NOTE = TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @TempDir
    Path dir;

    @Test
    void signsTheReferenceNoteByteForByte() throws Exception {
        SigningKey key = SigningKey.parse(SKEY);
        assertThat(key.verifierKey().encoded()).isEqualTo(VKEY);
        assertThat(new String(SignedNote.sign(TEXT, key), StandardCharsets.UTF_8)).isEqualTo(NOTE);
        SignedNote note = SignedNote.parse(NOTE.getBytes(StandardCharsets.UTF_8));
        assertThat(note.text()).isEqualTo(TEXT);
        assertThat(note.verify(List.of(VerifierKey.parse(VKEY)))).isEqualTo(SignedNote.Verdict.VERIFIED);
        assertThat(note.bytes()).isEqualTo(NOTE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aChangedTextIsABadSignatureAndAnotherKeyIsUnknown() throws Exception {
        SignedNote changed = SignedNote.parse(NOTE.replace("cryptography", "cryptographY").getBytes(StandardCharsets.UTF_8));
        assertThat(changed.verify(List.of(VerifierKey.parse(VKEY)))).isEqualTo(SignedNote.Verdict.BAD_SIGNATURE);
        SignedNote note = SignedNote.parse(NOTE.getBytes(StandardCharsets.UTF_8));
        assertThat(note.verify(List.of(SigningKey.generate("PeterNeumann").verifierKey())))
                .isEqualTo(SignedNote.Verdict.UNKNOWN_KEY);
    }

    @Test
    void malformedNotesAndKeysAreRejected() {
        for (String bad : List.of(TEXT, NOTE.replace("\n\n", "\n"), NOTE.replace("\u2014", "-"), NOTE + "x",
                NOTE.replace("problem,", "problem,\r"), NOTE.replace("x08go", "x08g"))) {
            assertThatThrownBy(() -> SignedNote.parse(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(SignedNote.NoteFormatException.class);
        }
        assertThatThrownBy(() -> VerifierKey.parse(VKEY.replace("c74f20a3", "c74f20a4")))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.parse(VKEY)).hasMessageContaining("not a private key");
    }

    @Test
    void aWrittenKeyReadsBackPrivateAndIsNeverReplaced() throws Exception {
        SigningKey key = SigningKey.generate("kube-audit-agent/prod/node-1");
        Path file = dir.resolve("signing");
        key.write(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SigningKey.read(file).verifierKey()).isEqualTo(key.verifierKey());
        assertThat(VerifierKey.read(SigningKey.publicKeyFile(file))).isEqualTo(key.verifierKey());
        assertThatThrownBy(() -> SigningKey.generate("other").write(file))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(SigningKey.read(file).verifierKey()).isEqualTo(key.verifierKey());
    }

    @Test
    void aCheckpointCarriesItsTimeAndBothSignaturesMustHold() throws Exception {
        SigningKey key = SigningKey.generate("kube-audit-agent/prod/node-1");
        byte[] root = MerkleTree.leafHash(new byte[] {1});
        Instant time = Instant.parse("2026-12-05T08:00:00Z");
        byte[] bytes = SignedCheckpoint.create("kube-audit-agent/prod/node-1", 42, root, time, key);
        SignedCheckpoint c = SignedCheckpoint.parse(bytes);
        assertThat(c.origin()).isEqualTo("kube-audit-agent/prod/node-1");
        assertThat(c.size()).isEqualTo(42);
        assertThat(c.root()).isEqualTo(root);
        assertThat(c.time()).isEqualTo(time);
        assertThat(c.verify(List.of(key.verifierKey()))).isEqualTo(SignedNote.Verdict.VERIFIED);
        assertThat(c.note().verify(List.of(key.verifierKey()))).isEqualTo(SignedNote.Verdict.VERIFIED);
        assertThat(c.verify(List.of(SigningKey.generate("x").verifierKey()))).isEqualTo(SignedNote.Verdict.UNKNOWN_KEY);

        // A later time pasted over the cosignature's time no longer verifies.
        SignedNote.Line cosig = c.note().signatures().get(1);
        byte[] payload = cosig.payload();
        payload[7]++;
        SignedNote moved = new SignedNote(c.note().text(), List.of(c.note().signatures().get(0),
                new SignedNote.Line(cosig.name(), cosig.keyId(), payload)));
        SignedCheckpoint later = SignedCheckpoint.parse(moved.bytes());
        assertThat(later.time()).isEqualTo(time.plusSeconds(1));
        assertThat(later.verify(List.of(key.verifierKey()))).isEqualTo(SignedNote.Verdict.BAD_SIGNATURE);
    }
}
