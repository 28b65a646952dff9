package dev.kubeaudit.agent.writer;

import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.agent.logfile.Backup;
import dev.kubeaudit.agent.logfile.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash: compares what a file holds after the checkpoint with the lines the journal says
 * come next. Matching whole lines are kept and the cursor moves past them; the rest (a torn line,
 * or lines of another format) is cut. When the journal lost its tail ({@link Cursor#tailLost()})
 * the lines after the checkpoint can no longer be compared: they were journaled and acknowledged,
 * so every whole line is kept and only a torn last line is cut. Each line kept is added to the
 * file's {@link ActiveRange} (as of unknown index when it could not be compared). Not thread-safe:
 * writer thread only.
 */
final class TailRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(TailRecovery.class);

    private final Cursor cursor;
    private final ActiveRange active;
    private final boolean unverifiable;
    private long keptLines;
    private long cutBytes;

    TailRecovery(Cursor cursor, ActiveRange active) {
        this.cursor = cursor;
        this.active = active;
        this.unverifiable = cursor.tailLost();
    }

    static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Like {@link #verify} for a backup the checkpoint does not know yet. It is plain by design
     * (compression starts only once a checkpoint names the backup); a compressed one is only
     * read, never cut.
     */
    void verifyBackup(Backup backup, long offset) throws IOException {
        if (backup.compression() == Compression.NONE) {
            verify(backup.path(), offset);
            return;
        }
        LOG.error("Backup '{}' is compressed but newer than the checkpoint; its lines are matched without changing it",
                backup.path());
        try (InputStream in = backup.openContent()) {
            in.skipNBytes(offset);
            keptEnd(in, offset, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new IOException("Recovery read of '" + backup.path() + "' failed", e);
        }
    }

    /** Keeps the lines of {@code file} from {@code offset} on that the journal expects; cuts the rest; returns the file's size after. */
    long verify(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (offset > size) {
                LOG.error("'{}' holds {} bytes, fewer than the {} its checkpoint recorded: lines were lost outside"
                        + " the agent's control; writing continues at its end", file, size, offset);
                active.unknownLines();
                return size;
            }
            ch.position(offset);
            long end = keptEnd(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16), offset, size);
            if (end < size) {
                ch.truncate(end);
                DurableFiles.force(ch, file);
                cutBytes += size - end;
            }
            return end;
        } catch (IOException e) {
            throw new IOException("Recovery of '" + file + "' failed", e);
        }
    }

    private long keptEnd(InputStream in, long offset, long size) throws IOException {
        return unverifiable ? wholeLinesEnd(in, offset) : matchingEnd(in, offset, size);
    }

    /** The end of the last whole line from {@code offset} on. */
    private long wholeLinesEnd(InputStream in, long offset) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long position = offset;
        long end = offset;
        for (int n; (n = in.read(buffer)) > 0; position += n) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    end = position + i + 1;
                    keptLines++;
                    active.unknownLines();
                }
            }
        }
        return end;
    }

    private long matchingEnd(InputStream in, long offset, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long position = offset;
        while (cursor.next()) {
            LineFormat line = cursor.line();
            int content = line.length();
            int length = content + 1;
            if (position + length > size) {
                break;
            }
            if (buffer.length < length) {
                buffer = new byte[length];
            }
            if (in.readNBytes(buffer, 0, length) != length || buffer[content] != '\n'
                    || !Arrays.equals(buffer, 0, content, line.bytes(), line.offset(), line.offset() + content)) {
                break;
            }
            active.line(cursor.lineIndex());
            cursor.advance();
            position += length;
            keptLines++;
        }
        return position;
    }

    long keptLines() {
        return keptLines;
    }

    long cutBytes() {
        return cutBytes;
    }
}
