package dev.kubeaudit.agent.integrity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 public key as the signed-note format writes it ({@code <name>+<8 hex key ID>+<base64(0x01 ‖ key)>},
 * the form golang.org/x/mod/sumdb/note reads): what a verifier needs, and all it needs. Parsing
 * checks the key ID against name and key. Immutable; thread-safe (a Signature per call).
 */
public final class VerifierKey {
    static final byte[] SPKI_PREFIX = Digests.fromHex("302a300506032b6570032100");

    private final String name;
    private final int keyId;
    private final byte[] raw;
    private final PublicKey key;

    VerifierKey(String name, byte[] raw) {
        KeyIds.requireName(name);
        if (raw.length != 32) {
            throw new IllegalArgumentException("Ed25519 public key of " + raw.length + " bytes (expected: 32)");
        }
        this.name = name;
        this.raw = raw.clone();
        this.keyId = KeyIds.of(name, KeyIds.ED25519, raw);
        try {
            byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
            System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, 32);
            this.key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Parses {@code <name>+<hex id>+<base64(0x01 ‖ key)>}; IllegalArgumentException naming what is wrong. */
    public static VerifierKey parse(String text) {
        String s = text.strip();
        // The name holds no '+', the ID is 8 hex digits; base64 may hold '+'.
        int first = s.indexOf('+');
        int last = first < 0 ? -1 : s.indexOf('+', first + 1);
        if (first <= 0 || last < 0) {
            throw new IllegalArgumentException("not a public key (expected: <name>+<8 hex digits>+<base64 key>)");
        }
        String name = s.substring(0, first);
        String id = s.substring(first + 1, last);
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(s.substring(last + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key: not base64 (" + e.getMessage() + ")");
        }
        if (blob.length != 33 || blob[0] != KeyIds.ED25519) {
            throw new IllegalArgumentException("public key: not an Ed25519 key (expected: 33 bytes starting 0x01)");
        }
        VerifierKey key = new VerifierKey(name, Arrays.copyOfRange(blob, 1, 33));
        if (id.length() != 8 || !id.equals(KeyIds.hex(key.keyId))) {
            throw new IllegalArgumentException("public key: key ID '" + id + "' does not match name and key (expected: "
                    + KeyIds.hex(key.keyId) + ")");
        }
        return key;
    }

    /** Reads a public key file (its first non-blank line that is not a # comment). */
    public static VerifierKey read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("Read of public key " + file + " failed: " + e.getMessage(), e);
        }
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                try {
                    return parse(l);
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
            }
        }
        throw new IOException(file + ": no public key in it (expected: <name>+<8 hex digits>+<base64 key>)");
    }

    /** True when {@code signature} (64 bytes) is this key's Ed25519 signature of {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        try {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(key);
            v.update(message);
            return v.verify(signature);
        } catch (SignatureException e) {
            return false;   // e.g. a signature of the wrong length: not this key's
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification unavailable: " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    public String keyIdHex() {
        return KeyIds.hex(keyId);
    }

    /** The key ID this key's timestamped cosignatures carry (type 0x04). */
    public int cosignatureKeyId() {
        return KeyIds.of(name, KeyIds.COSIGNATURE_V1, raw);
    }

    public byte[] raw() {
        return raw.clone();
    }

    /** The key as a verifier writes it: {@code <name>+<hex id>+<base64(0x01 ‖ key)>}. */
    public String encoded() {
        byte[] blob = new byte[33];
        blob[0] = KeyIds.ED25519;
        System.arraycopy(raw, 0, blob, 1, 32);
        return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(blob);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey k && k.name.equals(name) && Arrays.equals(k.raw, raw);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return encoded();
    }
}
