package dev.kubeaudit.agent.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: UTF-8 text ending in a newline, a blank line, then one signature per line,
 * {@code — <key name> <base64(key ID ‖ signature)>}. The signed message is the text, up to and
 * including its final newline. Parsing is strict (no control characters but newline, at most 100
 * signatures, standard base64 with padding); verification is {@link #verify}. Immutable.
 */
public record SignedNote(String text, List<Line> signatures) {
    private static final String DASH = "\u2014 ";
    private static final int MAX_SIGNATURES = 100;

    /** One signature line: key name, key ID and what follows the ID (signature, or time and signature). */
    public record Line(String name, int keyId, byte[] payload) {
    }

    /** How a note's signatures stand against a set of keys. */
    public enum Verdict {
        /** A known key signed it, and no known key's signature failed. */
        VERIFIED,
        /** A signature by a known key (name and ID) does not verify. */
        BAD_SIGNATURE,
        /** No signature from any known key. */
        UNKNOWN_KEY
    }

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    /** Parses a stored note; {@link NoteFormatException} naming what is wrong. */
    public static SignedNote parse(byte[] bytes) throws NoteFormatException {
        String all;
        try {
            all = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NoteFormatException("not UTF-8");
        }
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            if (c != '\n' && (c < 0x20 || c == 0x7f)) {
                throw new NoteFormatException("control character 0x" + Integer.toHexString(c) + " at offset " + i);
            }
        }
        int split = all.lastIndexOf("\n\n");
        if (split < 0 || !all.endsWith("\n")) {
            throw new NoteFormatException("no blank line before the signatures, or no final newline");
        }
        String text = all.substring(0, split + 1);
        String[] lines = all.substring(split + 2, all.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new NoteFormatException(lines.length + " signature lines (expected: at most " + MAX_SIGNATURES + ")");
        }
        List<Line> signatures = new ArrayList<>();
        for (String line : lines) {
            signatures.add(parseLine(line));
        }
        return new SignedNote(text, signatures);
    }

    private static Line parseLine(String line) throws NoteFormatException {
        if (!line.startsWith(DASH)) {
            throw new NoteFormatException("signature line does not start with an em dash and a space: '" + line + "'");
        }
        int space = line.indexOf(' ', DASH.length());
        if (space < 0) {
            throw new NoteFormatException("signature line without a signature: '" + line + "'");
        }
        String name = line.substring(DASH.length(), space);
        byte[] blob;
        try {
            KeyIds.requireName(name);
            blob = Base64.getDecoder().decode(line.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new NoteFormatException("signature line '" + line + "': " + e.getMessage());
        }
        if (blob.length < 5) {
            throw new NoteFormatException("signature line '" + line + "': too short");
        }
        int id = (blob[0] & 0xff) << 24 | (blob[1] & 0xff) << 16 | (blob[2] & 0xff) << 8 | blob[3] & 0xff;
        byte[] payload = new byte[blob.length - 4];
        System.arraycopy(blob, 4, payload, 0, payload.length);
        return new Line(name, id, payload);
    }

    /** The note of {@code text} (ending in a newline) signed by {@code key}: its stored bytes. */
    public static byte[] sign(String text, SigningKey key) {
        requireText(text);
        byte[] sig = key.sign(text.getBytes(StandardCharsets.UTF_8));
        return (text + "\n" + line(key.name(), key.verifierKey().keyId(), sig)).getBytes(StandardCharsets.UTF_8);
    }

    static String line(String name, int keyId, byte[] payload) {
        byte[] blob = new byte[4 + payload.length];
        blob[0] = (byte) (keyId >>> 24);
        blob[1] = (byte) (keyId >>> 16);
        blob[2] = (byte) (keyId >>> 8);
        blob[3] = (byte) keyId;
        System.arraycopy(payload, 0, blob, 4, payload.length);
        return DASH + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    static void requireText(String text) {
        if (text.isEmpty() || !text.endsWith("\n") || text.contains("\n\n")) {
            throw new IllegalArgumentException("note text must be non-empty, end in a newline and hold no blank line");
        }
    }

    /** Checks the Ed25519 note signatures (type 0x01 IDs) against {@code keys}; other lines are ignored. */
    public Verdict verify(List<VerifierKey> keys) {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        boolean verified = false;
        for (Line line : signatures) {
            for (VerifierKey key : keys) {
                if (key.name().equals(line.name()) && key.keyId() == line.keyId()) {
                    if (!key.verify(message, line.payload())) {
                        return Verdict.BAD_SIGNATURE;
                    }
                    verified = true;
                }
            }
        }
        return verified ? Verdict.VERIFIED : Verdict.UNKNOWN_KEY;
    }

    /** The stored bytes of this note. */
    public byte[] bytes() {
        StringBuilder b = new StringBuilder(text).append('\n');
        for (Line l : signatures) {
            b.append(line(l.name(), l.keyId(), l.payload()));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A note that does not parse. */
    public static final class NoteFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        public NoteFormatException(String message) {
            super(message);
        }
    }
}
