package dev.kubeaudit.agent.integrity;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A durable append-only file of UTF-8 text lines under a header line {@code <title> v<version>}.
 * {@link #open} creates the file (header only, through {@link DurableFiles#replace}) or reads it,
 * cutting a torn last line (one without its {@code '\n'}, left by a crash mid-append) and forcing
 * the cut; {@link #append} writes whole lines and forces them before it returns; {@link #rewrite}
 * replaces the file atomically. {@link #read} only reads, ignoring a torn last line, for readers
 * beside the one appending. A header of a newer version, or no header, stops with a message naming
 * the file. Not thread-safe: its owner serializes the calls.
 */
final class LineFile implements Closeable {
    private static final Pattern HEADER = Pattern.compile("(.+) v(\\d{1,9})");

    private final Path file;
    private final String title;
    private final int version;
    private FileChannel channel;

    private LineFile(Path file, String title, int version, FileChannel channel) {
        this.file = file;
        this.title = title;
        this.version = version;
        this.channel = channel;
    }

    /** Opens {@code file} for appending, creating it with only its header; {@code into} receives the lines there. */
    static LineFile open(Path file, String title, int version, List<String> into) throws IOException {
        try {
            if (!Files.exists(file)) {
                DurableFiles.replace(file, header(title, version));
            }
            byte[] bytes = Files.readAllBytes(file);
            int end = wholeLinesEnd(bytes);
            if (end < bytes.length) {
                cut(file, end);
            }
            if (end == 0) {
                DurableFiles.replace(file, header(title, version));
            } else {
                into.addAll(lines(file, title, version, bytes, end));
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new LineFile(file, title, version, channel);
        } catch (FormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("Open of " + file + " failed", e);
        }
    }

    /** The lines after the header of {@code file} as it is now, without a torn last line; none when it is absent. */
    static List<String> read(Path file, String title, int version) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IOException("Read of " + file + " failed", e);
        }
        int end = wholeLinesEnd(bytes);
        return end == 0 ? List.of() : lines(file, title, version, bytes, end);
    }

    /** Appends {@code lines} (each without {@code '\n'}) and forces them to disk. */
    void append(List<String> lines) throws IOException {
        requireOpen();
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(requireOneLine(line)).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            DurableFiles.forceContent(channel, file);
        } catch (IOException e) {
            throw new IOException("Append to " + file + " failed", e);
        }
    }

    /** Replaces the whole file with the header and {@code lines}, atomically and durably. */
    void rewrite(List<String> lines) throws IOException {
        requireOpen();
        StringBuilder text = new StringBuilder(new String(header(title, version), StandardCharsets.UTF_8));
        for (String line : lines) {
            text.append(requireOneLine(line)).append('\n');
        }
        channel.close();
        channel = null;
        try {
            DurableFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } finally {
            // The new file, or the old one when the replacement failed.
            try {
                channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IOException("Open of " + file + " failed", e);
            }
        }
    }

    Path file() {
        return file;
    }

    /** Idempotent. */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void requireOpen() throws IOException {
        if (channel == null) {
            throw new IOException(file + " is closed");
        }
    }

    private static String requireOneLine(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("line: \"" + line + "\" (expected: no newline)");
        }
        return line;
    }

    private static byte[] header(String title, int version) {
        return (title + " v" + version + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static int wholeLinesEnd(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    private static void cut(Path file, int end) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(end);
            DurableFiles.force(ch, file);
        } catch (IOException e) {
            throw new IOException("Cut of the torn last line of " + file + " failed", e);
        }
    }

    private static List<String> lines(Path file, String title, int version, byte[] bytes, int end)
            throws FormatException {
        List<String> lines = new ArrayList<>(Arrays.asList(
                new String(bytes, 0, end - 1, StandardCharsets.UTF_8).split("\n", -1)));
        Matcher header = HEADER.matcher(lines.remove(0));
        if (!header.matches() || !header.group(1).equals(title)) {
            throw new FormatException(file + ":1: not a file of " + title + " (expected: " + title + " v" + version
                    + ")");
        }
        int found = Integer.parseInt(header.group(2));
        if (found > version) {
            throw new FormatException(file + ": written by a newer version of the agent (" + title + " v" + found
                    + "); this version reads up to v" + version + ": upgrade the agent");
        }
        return lines;
    }

    /** A file this version cannot read: no header of its kind, a newer version, or a damaged line. */
    static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }
}
