package dev.kubeaudit.agent.integrity;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A manifest as stored: a signed note whose text is the manifest's JSON line. Its stored bytes are
 * what the chain links ({@link #sha256Hex()} is the next record's {@code prev}) and what the
 * checkpoints' Merkle tree has as leaf ({@link #leafHash()}). Immutable.
 */
public record SealedManifest(Manifest manifest, SignedNote note, byte[] bytes) {

    /** Signs {@code m} with {@code key}, whose ID must be the manifest's {@code keyId}. */
    public static SealedManifest seal(Manifest m, SigningKey key) {
        if (!m.keyId().equals(key.verifierKey().keyIdHex())) {
            throw new IllegalArgumentException("manifest keyId " + m.keyId() + " is not the signing key's ("
                    + key.verifierKey().keyIdHex() + ")");
        }
        byte[] bytes = SignedNote.sign(ManifestJson.write(m) + "\n", key);
        try {
            return new SealedManifest(m, SignedNote.parse(bytes), bytes);
        } catch (SignedNote.NoteFormatException e) {
            throw new IllegalStateException("A manifest just signed does not parse: " + e.getMessage(), e);
        }
    }

    /** Parses stored bytes: a signed note holding one manifest line. */
    public static SealedManifest parse(byte[] bytes) throws SignedNote.NoteFormatException {
        SignedNote note = SignedNote.parse(bytes);
        String text = note.text();
        if (text.indexOf('\n') != text.length() - 1) {
            throw new SignedNote.NoteFormatException("manifest text of more than one line");
        }
        try {
            return new SealedManifest(ManifestJson.parse(text.substring(0, text.length() - 1)), note, bytes.clone());
        } catch (IllegalArgumentException e) {
            throw new SignedNote.NoteFormatException("manifest: " + e.getMessage());
        }
    }

    public String sha256Hex() {
        return Digests.hex(Digests.sha256(bytes));
    }

    public byte[] leafHash() {
        return MerkleTree.leafHash(bytes);
    }

    public SignedNote.Verdict verify(List<VerifierKey> keys) {
        return note.verify(keys);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
