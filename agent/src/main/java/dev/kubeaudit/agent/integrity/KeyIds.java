package dev.kubeaudit.agent.integrity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Key IDs of the C2SP signed-note format: the first four bytes, big-endian, of
 * {@code SHA-256(name ‖ 0x0A ‖ type ‖ public key)}; type 0x01 for Ed25519 note signatures, 0x04
 * for timestamped Ed25519 cosignatures. Stateless; thread-safe.
 */
final class KeyIds {
    static final byte ED25519 = 0x01;
    static final byte COSIGNATURE_V1 = 0x04;

    private KeyIds() {
    }

    static int of(String name, byte type, byte[] publicKey) {
        MessageDigest d = Digests.sha256();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(type);
        d.update(publicKey);
        byte[] h = d.digest();
        return (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | h[3] & 0xff;
    }

    static String hex(int keyId) {
        return String.format("%08x", keyId);
    }

    /** A key name as the format allows it: non-empty, no spaces, no '+', no control characters. */
    static void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("key name: empty (expected: a name such as kube-audit-agent)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == '+' || c == 0x7f || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("key name: '" + name + "' (expected: no spaces, '+' or control"
                        + " characters)");
            }
        }
    }
}
