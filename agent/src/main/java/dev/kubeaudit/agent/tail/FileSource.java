package dev.kubeaudit.agent.tail;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * The lines of an audit log file: a compressed backup ({@code .gz}, {@code .zst}) read to its end,
 * or a plain file that, when followed, is read as it grows and reopened from its start when it is
 * replaced or truncated (a rotation), as {@code tail -F} does. A last line without its newline is
 * held back until it is complete. Blank lines are skipped. Not thread-safe.
 */
public final class FileSource implements EventSource {
    private static final int CHUNK = 64 * 1024;

    private final Path file;
    private final boolean compressed;
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private InputStream stream;
    private FileChannel channel;
    private Object fileKey;
    private long position;

    private FileSource(Path file) {
        this.file = file;
        String name = file.getFileName().toString();
        this.compressed = name.endsWith(".gz") || name.endsWith(".zst");
    }

    /** Opens {@code file}; with {@code lastLines >= 0} the first lines returned are its last ones. */
    public static FileSource open(Path file, long lastLines) throws IOException {
        Objects.requireNonNull(file, "file");
        FileSource source = new FileSource(file);
        source.openFile();
        if (lastLines >= 0) {
            source.keepLast(lastLines);
        }
        return source;
    }

    private void openFile() throws IOException {
        try {
            if (compressed) {
                InputStream raw = new BufferedInputStream(Files.newInputStream(file), CHUNK);
                stream = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, CHUNK)
                        : new ZstdInputStream(raw);
            } else {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                position = 0;
            }
        } catch (IOException e) {
            throw new IOException("Opening " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads what is there now and keeps only the last {@code n} lines. */
    private void keepLast(long n) throws IOException {
        while (fill()) {
            while (pending.size() > n) {
                pending.removeFirst();
            }
        }
    }

    @Override
    public byte[] next() throws IOException {
        while (pending.isEmpty()) {
            if (!fill()) {
                if (!compressed && replaced()) {
                    while (fill()) {
                        continue; // what was appended to the old file before it was renamed
                    }
                    if (!pending.isEmpty()) {
                        break;
                    }
                    channel.close();
                    partial.reset();
                    openFile();
                    continue;
                }
                return null;
            }
        }
        return pending.removeFirst();
    }

    /** Reads one chunk into complete lines; false when nothing more is there now. */
    private boolean fill() throws IOException {
        byte[] chunk = new byte[CHUNK];
        int n;
        try {
            if (compressed) {
                n = stream.read(chunk);
            } else {
                n = channel.read(ByteBuffer.wrap(chunk), position);
                if (n > 0) {
                    position += n;
                }
            }
        } catch (IOException e) {
            throw new IOException("Reading " + file + " failed: " + e.getMessage(), e);
        }
        if (n <= 0) {
            return false;
        }
        split(chunk, n);
        return true;
    }

    private void split(byte[] chunk, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (chunk[i] == '\n') {
                partial.write(chunk, start, i - start);
                byte[] line = partial.toByteArray();
                partial.reset();
                if (line.length > 0 && line[line.length - 1] == '\r') {
                    line = Arrays.copyOf(line, line.length - 1);
                }
                if (line.length > 0) {
                    pending.addLast(line);
                }
                start = i + 1;
            }
        }
        partial.write(chunk, start, n - start);
    }

    /** True when the path now names another file (rotation) or the file became shorter (truncation). */
    private boolean replaced() {
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            return !Objects.equals(now.fileKey(), fileKey) || now.size() < position;
        } catch (IOException e) {
            return false; // between the rename and the new file: try again later
        }
    }

    @Override
    public boolean finite() {
        return compressed;
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
        if (channel != null) {
            channel.close();
        }
    }
}
