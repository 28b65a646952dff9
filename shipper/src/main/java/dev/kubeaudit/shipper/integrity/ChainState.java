package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.agent.integrity.Digests;
import dev.kubeaudit.agent.integrity.MerkleFrontier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a node's chain stands, as {@code chain.state} keeps it: {@code next} is the seq the next
 * record gets, {@code prev} the SHA-256 (hex) of the last record's stored bytes ("" before the
 * first); {@code base} is the size of the largest tree a checkpoint was signed for (every record
 * below it is uploaded), kept as its Merkle frontier, and {@code leaves} are the leaf hashes of the
 * records from {@code base} to {@code next - 1}, so that a checkpoint of any size in between can be
 * signed and the root of {@code base} is never signed differently; {@code layout} is the archive
 * layout the chain's keys were made for ({@code ship.layout}), which a chain never changes. The
 * file, written whole with {@link DurableFiles#replace}:
 * <pre>
 * kube-audit-agent chain state v&lt;1 or 2&gt;
 * origin kube-audit-agent/&lt;cluster&gt;/&lt;node&gt;
 * layout &lt;name&gt;     v2 only: a chain of the default layout is written as v1, without this line
 * next &lt;seq&gt;
 * prev &lt;hex, or - before the first record&gt;
 * base &lt;size&gt;
 * frontier &lt;hex&gt;      one per perfect subtree of the base tree, largest first
 * leaf &lt;hex&gt;          one per record from base to next - 1, in seq order
 * </pre>
 * so that a version that knows no layouts still reads it. A file of a newer version stops start-up.
 * Immutable.
 */
record ChainState(String origin, ArchiveLayout layout, long next, String prev, long base, List<byte[]> frontier,
                  List<byte[]> leaves) {
    static final String FILE_NAME = "chain.state";
    /** The newest version read and written: 2, the first with a layout line. */
    static final int VERSION = 2;
    private static final String TITLE = "kube-audit-agent chain state v";

    ChainState {
        frontier = List.copyOf(frontier);
        leaves = List.copyOf(leaves);
        Objects.requireNonNull(layout, "layout");
        if (base < 0 || next < base || leaves.size() != next - base || frontier.size() != Long.bitCount(base)) {
            throw new IllegalArgumentException("chain state next " + next + ", base " + base + " with "
                    + frontier.size() + " frontier hashes and " + leaves.size() + " leaves (expected: base <= next,"
                    + " one leaf per record from base, one frontier hash per bit of base)");
        }
    }

    /** The state of a chain of the default layout that has no record yet. */
    static ChainState empty(String origin) {
        return empty(origin, ArchiveLayout.DEFAULT);
    }

    /** The state of a chain of {@code layout} that has no record yet. */
    static ChainState empty(String origin, ArchiveLayout layout) {
        return new ChainState(origin, layout, 0, "", 0, List.of(), List.of());
    }

    /** The state after appending the record whose stored bytes hash to {@code sha256Hex}, leaf hash {@code leafHash}. */
    ChainState append(String sha256Hex, byte[] leafHash) {
        List<byte[]> more = new ArrayList<>(leaves);
        more.add(leafHash.clone());
        return new ChainState(origin, layout, next + 1, sha256Hex, base, frontier, more);
    }

    /** The Merkle root over the first {@code size} records; {@code base <= size <= next}. */
    byte[] root(long size) {
        return grown(size).root();
    }

    /** The state whose base is {@code size} (base <= size <= next): a checkpoint of that size is about to be signed. */
    ChainState withBase(long size) {
        MerkleFrontier tree = grown(size);
        return new ChainState(origin, layout, next, prev, size, tree.hashes(), leaves.subList((int) (size - base), leaves.size()));
    }

    private MerkleFrontier grown(long size) {
        if (size < base || size > next) {
            throw new IllegalArgumentException("tree size " + size + " (expected: " + base + " to " + next + ")");
        }
        MerkleFrontier tree = MerkleFrontier.restore(base, frontier);
        for (int i = 0; i < size - base; i++) {
            tree.append(leaves.get(i));
        }
        return tree;
    }

    /** Reads {@code file}; empty when there is none. */
    static Optional<ChainState> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("Read of chain state " + file + " failed: " + e, e);
        }
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a chain state (" + e.getMessage() + "); it is the only record of"
                    + " where the chain stands, so the shipper will not start without it", e);
        }
    }

    /** Writes this state to {@code file}, replacing it atomically and durably. */
    void write(Path file) throws IOException {
        DurableFiles.replace(file, text().getBytes(StandardCharsets.UTF_8));
    }

    String text() {
        boolean v1 = layout == ArchiveLayout.DEFAULT;
        StringBuilder b = new StringBuilder(TITLE).append(v1 ? 1 : VERSION).append('\n')
                .append("origin ").append(origin).append('\n');
        if (!v1) {
            b.append("layout ").append(layout.configName()).append('\n');
        }
        b.append("next ").append(next).append('\n')
                .append("prev ").append(prev.isEmpty() ? "-" : prev).append('\n')
                .append("base ").append(base).append('\n');
        frontier.forEach(h -> b.append("frontier ").append(Digests.hex(h)).append('\n'));
        leaves.forEach(h -> b.append("leaf ").append(Digests.hex(h)).append('\n'));
        return b.toString();
    }

    static ChainState parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("no final newline");
        }
        String[] lines = text.split("\n");
        if (!lines[0].startsWith(TITLE)) {
            throw new IllegalArgumentException("line 1: '" + lines[0] + "' (expected: " + TITLE + VERSION + ")");
        }
        int version = parseNumber(lines[0].substring(TITLE.length()), 1);
        if (version > VERSION) {
            throw new IllegalArgumentException("written by a newer version (v" + version + "); this version reads v"
                    + VERSION + ": upgrade");
        }
        int at = version >= 2 ? 1 : 0;   // lines after origin are one further down in v2
        if (lines.length < 6 + at) {
            throw new IllegalArgumentException(lines.length + " lines (expected: at least " + (6 + at) + ")");
        }
        String origin = value(lines, 1, "origin");
        ArchiveLayout layout = at == 0 ? ArchiveLayout.DEFAULT : layout(value(lines, 2, "layout"), 3);
        long next = parseLong(value(lines, 2 + at, "next"), 3 + at);
        String prev = value(lines, 3 + at, "prev");
        if (!prev.equals("-")) {
            hash(prev, 4 + at);
        }
        long base = parseLong(value(lines, 4 + at, "base"), 5 + at);
        List<byte[]> frontier = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 5 + at; i < lines.length; i++) {
            boolean isFrontier = lines[i].startsWith("frontier ") && leaves.isEmpty();
            (isFrontier ? frontier : leaves).add(hash(value(lines, i, isFrontier ? "frontier" : "leaf"), i + 1));
        }
        return new ChainState(origin, layout, next, prev.equals("-") ? "" : prev, base, frontier, leaves);
    }

    private static ArchiveLayout layout(String name, int line) {
        return ArchiveLayout.named(name).orElseThrow(() -> new IllegalArgumentException("line " + line + ": '" + name
                + "' (expected: default or hive)"));
    }

    private static String value(String[] lines, int index, String name) {
        if (!lines[index].startsWith(name + " ")) {
            throw new IllegalArgumentException("line " + (index + 1) + ": '" + lines[index] + "' (expected: " + name
                    + " <value>)");
        }
        return lines[index].substring(name.length() + 1);
    }

    private static int parseNumber(String text, int line) {
        long n = parseLong(text, line);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("line " + line + ": " + text + " (expected: a small number)");
        }
        return (int) n;
    }

    private static long parseLong(String text, int line) {
        if (!text.matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("line " + line + ": '" + text + "' (expected: a number >= 0)");
        }
        return Long.parseLong(text);
    }

    private static byte[] hash(String hex, int line) {
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("line " + line + ": '" + hex + "' (expected: 64 hex digits)");
        }
        return Digests.fromHex(hex);
    }
}
