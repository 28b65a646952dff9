package dev.kubeaudit.agent.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as the archive uses it: digests of bytes, printed as lower-case hex. Stateless; thread-safe. */
public final class Digests {
    private static final HexFormat HEX = HexFormat.of();

    private Digests() {
    }

    /** A new SHA-256 digest (one per thread: MessageDigest is stateful). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no SHA-256", e);
        }
    }

    public static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The bytes of a hex string; IllegalArgumentException when it is not one. */
    public static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }
}
