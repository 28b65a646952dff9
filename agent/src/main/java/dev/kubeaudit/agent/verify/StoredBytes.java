package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.Digests;
import dev.kubeaudit.agent.integrity.SegmentFacts;
import dev.kubeaudit.agent.integrity.SegmentReader;
import dev.kubeaudit.agent.logfile.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;

/**
 * What one read of a stored object shows: its size, the SHA-256 (hex) of all its bytes and of its
 * first {@code expectedSize} bytes (null when it is shorter), and, when read deep, the facts of its
 * decompressed content (size, hash, lines, Merkle root; events are not parsed), or why it does not
 * decompress. Immutable.
 */
record StoredBytes(long size, String sha256, String prefixSha256, SegmentFacts facts, String contentError) {
    private static final int BUFFER = 1 << 20;
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);

    /**
     * Reads {@code in} to its end, hashing every byte once; with {@code compression} non-null, also
     * decompresses it and states its facts.
     *
     * @throws IOException when {@code in} fails (not when its content does not decompress)
     */
    static StoredBytes read(InputStream in, long expectedSize, Compression compression) throws IOException {
        Hashing hashing = new Hashing(in, expectedSize);
        SegmentFacts facts = null;
        String contentError = null;
        if (compression != null) {
            try {
                facts = SegmentReader.readContent(hashing, compression, SegmentReader.LineVisitor.NONE);
            } catch (IOException | UncheckedIOException e) {
                if (hashing.failure != null) {
                    throw hashing.failure;
                }
                contentError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        byte[] buf = BUFFERS.get();
        while (hashing.read(buf, 0, buf.length) >= 0) {
            // hashed as read
        }
        return new StoredBytes(hashing.size, Digests.hex(hashing.all.digest()), hashing.prefix(), facts, contentError);
    }

    /** The stored stream, hashed whole and up to the expected size, as it is read. */
    private static final class Hashing extends InputStream {
        private final InputStream in;
        private final long expected;
        private final MessageDigest all = Digests.sha256();
        private String prefix;
        private long size;
        private IOException failure;

        Hashing(InputStream in, long expected) {
            this.in = in;
            this.expected = expected;
            if (expected == 0) {
                prefix = Digests.hex(Digests.sha256(new byte[0]));
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                update(b, off, n);
            }
            return n;
        }

        private void update(byte[] b, int off, int n) {
            long before = size;
            size += n;
            if (before < expected && size >= expected) {
                int head = (int) (expected - before);
                all.update(b, off, head);
                prefix = Digests.hex(cloneOf(all).digest());
                all.update(b, off + head, n - head);
            } else {
                all.update(b, off, n);
            }
        }

        String prefix() {
            return size >= expected ? prefix : null;
        }

        private static MessageDigest cloneOf(MessageDigest d) {
            try {
                return (MessageDigest) d.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 of this JDK cannot be cloned", e);
            }
        }
    }
}
