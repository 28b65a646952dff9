package dev.kubeaudit.agent.integrity;

import com.github.luben.zstd.ZstdInputStream;
import dev.kubeaudit.agent.logfile.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a stored segment once and states its {@link SegmentFacts}: every stored byte is hashed
 * (also bytes a decoder would skip: trailing data after the last gzip member, skippable zstd
 * frames), the content is decompressed, hashed, split into lines and each line hashed as a Merkle
 * leaf, and the events' auditID and stageTimestamp are picked out ({@link EventFields}). A
 * {@link LineVisitor} may see each line too. Not thread-safe: one reader per segment.
 */
public final class SegmentReader {
    private static final int CHUNK = 1 << 18;

    /** Sees each line of a segment, without its newline; the buffer is reused after the call. */
    @FunctionalInterface
    public interface LineVisitor {
        LineVisitor NONE = (index, buf, off, len) -> { };

        void line(long index, byte[] buf, int off, int len) throws IOException;
    }

    private final MessageDigest contentDigest = Digests.sha256();
    private final MessageDigest leafDigest = Digests.sha256();
    private final MerkleFrontier tree = new MerkleFrontier();
    private final EventFields fields;   // null: lines are not parsed
    private final LineVisitor visitor;
    private byte[] pending = new byte[CHUNK];
    private int pendingLength;
    private long contentSize;

    private SegmentReader(LineVisitor visitor, boolean eventFields) {
        this.visitor = visitor;
        this.fields = eventFields ? new EventFields() : null;
    }

    /** The compression a segment's file name says: {@code .gz}, {@code .zst}, otherwise none. */
    public static Compression compressionOf(String name) {
        if (name.endsWith(Compression.GZIP.suffix())) {
            return Compression.GZIP;
        }
        return name.endsWith(Compression.ZSTD.suffix()) ? Compression.ZSTD : Compression.NONE;
    }

    /** The facts of the segment file {@code file}, its compression taken from its name. */
    public static SegmentFacts read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, compressionOf(file.getFileName().toString()), LineVisitor.NONE);
        } catch (IOException e) {
            throw new IOException("Read of segment " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads {@code stored} to its end (not closing it) and returns the facts; {@code visitor} sees each line. */
    public static SegmentFacts read(InputStream stored, Compression compression, LineVisitor visitor)
            throws IOException {
        return new SegmentReader(visitor, true).readAll(stored, compression);
    }

    /**
     * As {@link #read(InputStream, Compression, LineVisitor)} without picking out the events'
     * fields (they are null in the result): what a verifier needs to check sizes, hashes, line
     * count and Merkle root, at a fraction of the cost.
     */
    public static SegmentFacts readContent(InputStream stored, Compression compression, LineVisitor visitor)
            throws IOException {
        return new SegmentReader(visitor, false).readAll(stored, compression);
    }

    /** Size and SHA-256 of the stored bytes only: what a verifier checks first, and fast. */
    public static StoredDigest digest(InputStream stored) throws IOException {
        CountingDigest counting = new CountingDigest(stored);
        byte[] buf = new byte[CHUNK];
        while (counting.read(buf, 0, buf.length) >= 0) {
            // counted and hashed as read
        }
        return counting.result();
    }

    /** Size and SHA-256 (hex) of stored bytes. */
    public record StoredDigest(long size, String sha256) {
    }

    private SegmentFacts readAll(InputStream stored, Compression compression) throws IOException {
        CountingDigest counting = new CountingDigest(stored);
        InputStream content = switch (compression) {
            case GZIP -> new GZIPInputStream(counting, 1 << 16);
            case ZSTD -> new ZstdInputStream(counting);
            case NONE -> counting;
        };
        byte[] buf = new byte[CHUNK];
        boolean plain = compression == Compression.NONE;   // content = stored bytes: hashed once
        for (int n; (n = content.read(buf, 0, buf.length)) >= 0; ) {
            if (!plain) {
                contentDigest.update(buf, 0, n);
            }
            contentSize += n;
            split(buf, n);
        }
        if (pendingLength > 0) {
            line(pending, 0, pendingLength);   // a last line without its newline is still a line
            pendingLength = 0;
        }
        while (counting.read(buf, 0, buf.length) >= 0) {
            // bytes after the compressed content: stored, so hashed
        }
        StoredDigest s = counting.result();
        String contentSha256 = plain ? s.sha256() : Digests.hex(contentDigest.digest());
        EventFields f = fields != null ? fields : new EventFields();
        return new SegmentFacts(s.size(), s.sha256(), compression.name().toLowerCase(java.util.Locale.ROOT),
                contentSize, contentSha256, tree.size(), tree.root(), f.firstAuditID(), f.lastAuditID(),
                f.minStageTimestamp(), f.maxStageTimestamp());
    }

    private void split(byte[] buf, int n) throws IOException {
        int start = 0;
        for (int i; (i = Newlines.next(buf, start, n)) >= 0; start = i + 1) {
            if (pendingLength > 0) {
                append(buf, start, i - start);
                line(pending, 0, pendingLength);
                pendingLength = 0;
            } else {
                line(buf, start, i - start);
            }
        }
        append(buf, start, n - start);
    }

    private void append(byte[] buf, int off, int len) {
        if (pendingLength + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + len));
        }
        System.arraycopy(buf, off, pending, pendingLength, len);
        pendingLength += len;
    }

    private void line(byte[] buf, int off, int len) throws IOException {
        long index = tree.size();
        tree.append(MerkleTree.leafHash(leafDigest, buf, off, len));
        if (fields != null) {
            fields.scan(buf, off, len);
        }
        visitor.line(index, buf, off, len);
    }

    /** The stored stream, hashed and counted as it is read. */
    private static final class CountingDigest extends InputStream {
        private final InputStream in;
        private final MessageDigest digest = Digests.sha256();
        private long size;

        CountingDigest(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                size++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                size += n;
            }
            return n;
        }

        StoredDigest result() {
            return new StoredDigest(size, Digests.hex(digest.digest()));
        }
    }
}
