package dev.kubeaudit.agent.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A signed checkpoint of one node's chain (C2SP tlog-checkpoint): the note text
 * {@code <origin>\n<tree size>\n<base64 root>\n} over the manifests' Merkle tree, signed by the
 * agent's key twice: an Ed25519 note signature, and a timestamped cosignature (C2SP
 * tlog-cosignature v1: the key signs {@code cosignature/v1\ntime <unix seconds>\n} + the text)
 * that says when the agent vouched for that tree, which is what lets a verifier tell an idle node
 * from a truncated archive. Immutable.
 */
public record SignedCheckpoint(String origin, long size, byte[] root, Instant time, SignedNote note) {

    /** Signs a checkpoint of {@code size} manifests with root {@code root} at {@code time}; its stored bytes. */
    public static byte[] create(String origin, long size, byte[] root, Instant time, SigningKey key) {
        String text = text(origin, size, root);
        long seconds = time.getEpochSecond();
        byte[] noteSig = key.sign(text.getBytes(StandardCharsets.UTF_8));
        byte[] cosig = key.sign(cosignedMessage(text, seconds));
        byte[] payload = ByteBuffer.allocate(8 + cosig.length).putLong(seconds).put(cosig).array();
        return (text + "\n" + SignedNote.line(key.name(), key.verifierKey().keyId(), noteSig)
                + SignedNote.line(key.name(), key.verifierKey().cosignatureKeyId(), payload))
                .getBytes(StandardCharsets.UTF_8);
    }

    static String text(String origin, long size, byte[] root) {
        if (origin.isEmpty() || origin.contains(" ") || origin.contains("+") || origin.contains("\n")) {
            throw new IllegalArgumentException("origin: '" + origin + "' (expected: non-empty, no spaces or '+')");
        }
        if (size < 0 || root.length != 32) {
            throw new IllegalArgumentException("size " + size + ", root of " + root.length + " bytes");
        }
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    private static byte[] cosignedMessage(String text, long seconds) {
        return ("cosignature/v1\ntime " + seconds + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a stored checkpoint. Its time is that of the first cosignature line (a 76-byte payload:
     * 8-byte time and signature); a checkpoint without one does not parse.
     */
    public static SignedCheckpoint parse(byte[] bytes) throws SignedNote.NoteFormatException {
        SignedNote note = SignedNote.parse(bytes);
        String[] lines = note.text().split("\n");
        if (lines.length < 3) {
            throw new SignedNote.NoteFormatException("checkpoint of " + lines.length + " lines (expected: origin, size,"
                    + " root)");
        }
        long size;
        byte[] root;
        try {
            if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
                throw new IllegalArgumentException("size '" + lines[1] + "'");
            }
            size = Long.parseLong(lines[1]);
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new SignedNote.NoteFormatException("checkpoint: " + e.getMessage());
        }
        if (root.length != 32) {
            throw new SignedNote.NoteFormatException("checkpoint root of " + root.length + " bytes (expected: 32)");
        }
        Optional<SignedNote.Line> cosig = note.signatures().stream().filter(l -> l.payload().length == 72).findFirst();
        if (cosig.isEmpty()) {
            throw new SignedNote.NoteFormatException("checkpoint without a timestamped cosignature");
        }
        long seconds = ByteBuffer.wrap(cosig.get().payload(), 0, 8).getLong();
        return new SignedCheckpoint(lines[0], size, root, Instant.ofEpochSecond(seconds), note);
    }

    /**
     * Checks both signatures against {@code keys}: VERIFIED only when a known key's note signature
     * and that key's cosignature (over this checkpoint's time) both verify.
     */
    public SignedNote.Verdict verify(List<VerifierKey> keys) {
        SignedNote.Verdict noteVerdict = note.verify(keys);
        if (noteVerdict != SignedNote.Verdict.VERIFIED) {
            return noteVerdict;
        }
        byte[] message = cosignedMessage(note.text(), time.getEpochSecond());
        boolean cosigned = false;
        for (SignedNote.Line line : note.signatures()) {
            for (VerifierKey key : keys) {
                if (key.name().equals(line.name()) && key.cosignatureKeyId() == line.keyId()) {
                    byte[] p = line.payload();
                    if (p.length != 72 || ByteBuffer.wrap(p, 0, 8).getLong() != time.getEpochSecond()
                            || !key.verify(message, Arrays.copyOfRange(p, 8, 72))) {
                        return SignedNote.Verdict.BAD_SIGNATURE;
                    }
                    cosigned = true;
                }
            }
        }
        return cosigned ? SignedNote.Verdict.VERIFIED : SignedNote.Verdict.UNKNOWN_KEY;
    }

    /** The ID of the key whose note signature this checkpoint carries first (for messages). */
    public String firstKeyName() {
        return note.signatures().isEmpty() ? "" : note.signatures().get(0).name();
    }

    public byte[] bytes() {
        return note.bytes();
    }
}
