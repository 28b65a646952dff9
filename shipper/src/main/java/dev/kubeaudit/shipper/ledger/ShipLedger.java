package dev.kubeaudit.shipper.ledger;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durable record of shipped segments, {@code ship.ledger} in its directory: a version line,
 * then one tab-separated {@link LedgerEntry} per line, appended and forced to disk before a
 * segment counts as shipped. A crash can leave at most a torn last line, which opening cuts off
 * (that segment is shipped again: the store answers 412 and confirms it). {@link #compact} rewrites
 * the file atomically ({@link DurableFiles#replace}) keeping only the entries still wanted.
 * A ledger of a newer version stops start-up. Thread-safe: every method is synchronized.
 */
public final class ShipLedger implements Closeable {
    public static final String FILE_NAME = "ship.ledger";
    static final int VERSION = 1;
    private static final String HEADER_PREFIX = "kube-audit-agent ship ledger v";
    private static final Pattern HEADER = Pattern.compile(Pattern.quote(HEADER_PREFIX) + "(\\d+)");

    private final Path file;
    private final Map<String, LedgerEntry> entries;
    private FileChannel channel;

    private ShipLedger(Path file, Map<String, LedgerEntry> entries, FileChannel channel) {
        this.file = file;
        this.entries = entries;
        this.channel = channel;
    }

    /** Opens (or creates) the ledger in {@code dir}, creating the directory (0700) if needed. */
    public static ShipLedger open(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        try {
            DurableFiles.createPrivateDirectories(dir);
            if (!Files.exists(file)) {
                write(file, List.of());
            }
            Map<String, LedgerEntry> entries = read(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new ShipLedger(file, entries, channel);
        } catch (LedgerFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("Open of ship ledger " + file + " failed", e);
        }
    }

    public synchronized boolean contains(String segment) {
        return entries.containsKey(segment);
    }

    public synchronized Optional<LedgerEntry> entry(String segment) {
        return Optional.ofNullable(entries.get(segment));
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Appends {@code entry} and forces it to disk; from then on the segment counts as shipped. */
    public synchronized void record(LedgerEntry entry) throws IOException {
        requireOpen();
        ByteBuffer line = ByteBuffer.wrap((entry.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            DurableFiles.forceContent(channel, file);
        } catch (IOException e) {
            throw new IOException("Append to ship ledger " + file + " failed", e);
        }
        entries.put(entry.segment(), entry);
    }

    /** Rewrites the ledger with only the entries whose segment {@code keep} accepts; returns how many were dropped. */
    public synchronized int compact(Predicate<String> keep) throws IOException {
        requireOpen();
        List<LedgerEntry> kept = entries.values().stream().filter(e -> keep.test(e.segment())).toList();
        int dropped = entries.size() - kept.size();
        if (dropped == 0) {
            return 0;
        }
        channel.close();
        write(file, kept);
        entries.keySet().retainAll(kept.stream().map(LedgerEntry::segment).toList());
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return dropped;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void requireOpen() throws IOException {
        if (channel == null) {
            throw new IOException("Ship ledger " + file + " is closed");
        }
    }

    private static Map<String, LedgerEntry> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                DurableFiles.force(ch, file);
            }
        }
        if (end == 0) {
            write(file, List.of());
            return new LinkedHashMap<>();
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1);
        checkHeader(file, lines[0]);
        Map<String, LedgerEntry> entries = new LinkedHashMap<>();
        for (int i = 1; i < lines.length - 1; i++) {
            try {
                LedgerEntry e = LedgerEntry.parse(lines[i]);
                entries.put(e.segment(), e);
            } catch (RuntimeException e) {
                throw new LedgerFormatException(file + ":" + (i + 1) + ": not a ship ledger entry (" + e.getMessage()
                        + "); move the file aside to ship every segment again (the store confirms those it has)");
            }
        }
        return entries;
    }

    private static void checkHeader(Path file, String header) throws LedgerFormatException {
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new LedgerFormatException(file + ":1: not a ship ledger (expected: " + HEADER_PREFIX + VERSION + ")");
        }
        int version = Integer.parseInt(m.group(1));
        if (version > VERSION) {
            throw new LedgerFormatException(file + ": written by a newer version of the shipper (ledger v" + version
                    + "); this version reads v" + VERSION + ": upgrade, or move the file aside");
        }
    }

    private static void write(Path file, List<LedgerEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder(HEADER_PREFIX).append(VERSION).append('\n');
        for (LedgerEntry e : entries) {
            text.append(e.toLine()).append('\n');
        }
        DurableFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A ledger this version cannot read; start-up stops with its message. */
    public static final class LedgerFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        LedgerFormatException(String message) {
            super(message);
        }
    }
}
