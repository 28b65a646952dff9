package dev.kubeaudit.agent.logfile;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a plain backup into its compressed twin durably: {@link DurableFiles#createNew} writes the
 * twin {@code ….gz}/{@code ….zst} (hidden temp file, fsync, the log's mode and group, rename, fsync
 * of the directory), then the plain backup is deleted. A crash at any step leaves either the plain backup alone (plus a
 * stale temp) or a complete twin. Not thread-safe: used by the background thread only.
 */
final class Compressor {
    static final String MID_COMPRESS = "log-mid-compress";
    private static final int CHUNK_BYTES = 64 * 1024;

    private final Compression compression;
    private final int level;
    private final BooleanSupplier cancelled;
    private final LogFilePermissions permissions;

    Compressor(Compression compression, int level, BooleanSupplier cancelled) {
        this(compression, level, cancelled, LogFilePermissions.AS_CREATED);
    }

    /** Gives the twin's temp file {@code permissions} before it is renamed into place. */
    Compressor(Compression compression, int level, BooleanSupplier cancelled, LogFilePermissions permissions) {
        this.permissions = permissions;
        if (compression == Compression.NONE) {
            throw new IllegalArgumentException("compression: NONE (expected: GZIP or ZSTD)");
        }
        this.compression = compression;
        this.level = level;
        this.cancelled = cancelled;
    }

    /** Compresses {@code plain}; the twin's path, or empty when cancelled (the plain backup is kept). */
    Optional<Path> compress(Path plain) throws IOException {
        Path target = BackupNames.compressed(plain, compression);
        boolean created;
        try {
            created = DurableFiles.createNew(target, temp -> writeCompressed(plain, temp), permissions::file);
        } catch (IOException e) {
            throw new IOException("Compression of " + plain + " to " + target + " failed", e);
        }
        if (!created) {
            return Optional.empty();
        }
        delete(plain);
        return Optional.of(target);
    }

    /** Whether {@code twin} decodes completely to exactly {@code plainBytes} bytes. */
    static boolean isComplete(Path twin, Compression compression, long plainBytes) {
        try (InputStream in = decoder(compression, new BufferedInputStream(Files.newInputStream(twin), CHUNK_BYTES))) {
            byte[] chunk = new byte[CHUNK_BYTES];
            long total = 0;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                total += n;
            }
            return total == plainBytes;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A stream decoding {@code compression} from {@code in}. */
    static InputStream decoder(Compression compression, InputStream in) throws IOException {
        return switch (compression) {
            case GZIP -> new GZIPInputStream(in, CHUNK_BYTES);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    private boolean writeCompressed(Path plain, FileChannel out) throws IOException {
        long total = Files.size(plain);
        try (FileChannel in = FileChannel.open(plain, StandardOpenOption.READ);
                OutputStream encoder = encoder(new BufferedOutputStream(unclosable(out), CHUNK_BYTES))) {
            return copy(in, encoder, total);
        }
    }

    private boolean copy(FileChannel in, OutputStream encoder, long total) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        long copied = 0;
        boolean halfway = false;
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            encoder.write(chunk.array(), 0, n);
            chunk.clear();
            copied += n;
            if (!halfway && copied * 2 >= total) {
                halfway = true;
                encoder.flush();
                CrashPoint.reach(MID_COMPRESS);
            }
        }
        if (!halfway) {
            CrashPoint.reach(MID_COMPRESS);
        }
        return true;
    }

    private OutputStream encoder(OutputStream out) throws IOException {
        if (compression == Compression.ZSTD) {
            return new ZstdOutputStream(out, level);
        }
        return new GZIPOutputStream(out, CHUNK_BYTES) {
            {
                def.setLevel(level);
            }
        };
    }

    /** Writes to {@code channel} but leaves it open on close, so that it can still be forced. */
    private static OutputStream unclosable(FileChannel channel) {
        OutputStream stream = Channels.newOutputStream(channel);
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                stream.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stream.write(b, off, len);
            }
        };
    }

    private static void delete(Path plain) throws IOException {
        try {
            Files.deleteIfExists(plain);
        } catch (IOException e) {
            throw new IOException("Deletion of plain backup " + plain + " after its compression failed", e);
        }
    }
}
