package dev.kubeaudit.shipper.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Size, SHA-256 and optionally MD5 of a file's bytes (or a range of them), computed in one read.
 * Immutable; the static methods are thread-safe.
 */
public record SegmentDigest(long size, byte[] sha256, byte[] md5) {
    private static final int CHUNK_BYTES = 1 << 20;

    /** Digest of the whole file; {@code withMd5} also computes MD5 (for Content-MD5 and ETag checks). */
    public static SegmentDigest of(Path file, boolean withMd5) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return of(channel, 0, channel.size(), withMd5, file);
        } catch (IOException e) {
            throw new IOException("Checksum of " + file + " failed", e);
        }
    }

    /** Digest of {@code length} bytes of {@code channel} from {@code offset} (a multipart part). */
    public static SegmentDigest of(FileChannel channel, long offset, long length, boolean withMd5, Path file)
            throws IOException {
        MessageDigest sha = digest("SHA-256");
        MessageDigest md5 = withMd5 ? digest("MD5") : null;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        long read = 0;
        while (read < length) {
            chunk.clear().limit((int) Math.min(CHUNK_BYTES, length - read));
            int n = channel.read(chunk, offset + read);
            if (n < 0) {
                throw new IOException(file + " ended at " + (offset + read) + " bytes (expected: "
                        + (offset + length) + ")");
            }
            sha.update(chunk.array(), 0, n);
            if (md5 != null) {
                md5.update(chunk.array(), 0, n);
            }
            read += n;
        }
        return new SegmentDigest(length, sha.digest(), md5 == null ? null : md5.digest());
    }

    /** Digest of everything {@code in} yields (an object read back from a store); reads it to its end. */
    public static SegmentDigest of(InputStream in, boolean withMd5) throws IOException {
        MessageDigest sha = digest("SHA-256");
        MessageDigest md5 = withMd5 ? digest("MD5") : null;
        byte[] chunk = new byte[CHUNK_BYTES];
        long size = 0;
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            sha.update(chunk, 0, n);
            if (md5 != null) {
                md5.update(chunk, 0, n);
            }
            size += n;
        }
        return new SegmentDigest(size, sha.digest(), md5 == null ? null : md5.digest());
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    public String sha256Base64() {
        return Base64.getEncoder().encodeToString(sha256);
    }

    /** Base64 MD5, as Content-MD5 carries it. */
    public String md5Base64() {
        return Base64.getEncoder().encodeToString(requireMd5());
    }

    /** Hex MD5, as a single upload's ETag usually is. */
    public String md5Hex() {
        return HexFormat.of().formatHex(requireMd5());
    }

    private byte[] requireMd5() {
        if (md5 == null) {
            throw new IllegalStateException("md5: not computed (expected: a digest made with withMd5)");
        }
        return md5;
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }
}
