package dev.kubeaudit.agent.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One accepted webhook request: the EventList's apiVersion and its events. Each event is the
 * exact content of one audit.log line without its trailing newline: the item's bytes as received
 * (whitespace outside strings removed, nothing else changed), prefixed with
 * {@code {"kind":"Event","apiVersion":"<the EventList's apiVersion>",} when the item carries
 * neither kind nor apiVersion, as kube-apiserver's log backend writes it. {@code digest}
 * identifies the request body (SHA-256) for de-duplication of re-sent batches.
 *
 * <p>The events are not copied out one by one: event {@code i} is the optional {@link #prefix(int)}
 * followed by {@code data()[start(i), start(i) + contentLength(i))}, where {@code data} is one
 * array for the whole batch (for a parsed request, usually the request body itself). Hot paths
 * write those ranges straight to their target; {@link #item(int)} and {@link #items()} make copies
 * for everything else.
 *
 * <p>Immutable by contract: nobody writes into the arrays after construction.
 */
public final class Batch {
    private static final byte[] NO_PREFIX = new byte[0];

    private final String apiVersion;
    private final byte[] data;
    private final byte[] prefix;
    private final int[] spans;
    private final int size;
    private final long itemBytes;
    private final byte[] digest;

    private Batch(String apiVersion, byte[] data, byte[] prefix, int[] spans, int size, byte[] digest) {
        this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
        this.data = Objects.requireNonNull(data, "data");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.spans = spans;
        this.size = size;
        this.digest = Objects.requireNonNull(digest, "digest");
        long bytes = 0;
        for (int i = 0; i < size; i++) {
            Objects.checkFromIndexSize(start(i), contentLength(i), data.length);
            bytes += length(i);
        }
        this.itemBytes = bytes;
    }

    /** A batch of the given lines, copied into one array. */
    public Batch(String apiVersion, List<byte[]> items, byte[] digest) {
        this(apiVersion, concat(items), NO_PREFIX, sequentialSpans(items), items.size(), digest);
    }

    /**
     * A batch over {@code data} without copying it: event {@code i} is, when bit 0 of
     * {@code spans[3i + 2]} is set, {@code prefix} followed by {@code data[spans[3i], spans[3i] + spans[3i + 1])},
     * else that range alone. {@code data}, {@code prefix} and {@code spans} must not change afterwards.
     */
    public static Batch over(String apiVersion, byte[] data, byte[] prefix, int[] spans, int size, byte[] digest) {
        Objects.checkFromIndexSize(0, 3 * size, spans.length);
        return new Batch(apiVersion, data, prefix, spans, size, digest);
    }

    /** The same events under another request digest, sharing this batch's arrays. */
    public Batch withDigest(byte[] otherDigest) {
        return new Batch(apiVersion, data, prefix, spans, size, otherDigest);
    }

    public String apiVersion() {
        return apiVersion;
    }

    public byte[] digest() {
        return digest;
    }

    /** Number of events. */
    public int size() {
        return size;
    }

    /** The array holding every event's content. */
    public byte[] data() {
        return data;
    }

    /** Where event {@code i}'s content starts in {@link #data()}. */
    public int start(int i) {
        return spans[3 * Objects.checkIndex(i, size)];
    }

    /** Bytes of event {@code i} in {@link #data()}, its prefix not included. */
    public int contentLength(int i) {
        return spans[3 * Objects.checkIndex(i, size) + 1];
    }

    /** What goes before event {@code i}'s content in its line: empty or the kind/apiVersion head. */
    public byte[] prefix(int i) {
        return (spans[3 * Objects.checkIndex(i, size) + 2] & 1) != 0 ? prefix : NO_PREFIX;
    }

    /** Bytes of event {@code i}'s line without the newline: prefix plus content. */
    public int length(int i) {
        return prefix(i).length + contentLength(i);
    }

    /** Copies event {@code i} into {@code out} at {@code at}; returns the bytes copied. */
    public int copyItem(int i, byte[] out, int at) {
        byte[] head = prefix(i);
        System.arraycopy(head, 0, out, at, head.length);
        System.arraycopy(data, start(i), out, at + head.length, contentLength(i));
        return head.length + contentLength(i);
    }

    /** A copy of event {@code i}'s line without the newline. */
    public byte[] item(int i) {
        byte[] line = new byte[length(i)];
        copyItem(i, line, 0);
        return line;
    }

    /** Copies of every event's line; allocates, so not for hot paths. */
    public List<byte[]> items() {
        List<byte[]> lines = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            lines.add(item(i));
        }
        return lines;
    }

    /** Sum of the event sizes in bytes. */
    public long itemBytes() {
        return itemBytes;
    }

    @Override
    public String toString() {
        return "Batch[" + apiVersion + ", " + size + " events, " + itemBytes + " bytes]";
    }

    private static byte[] concat(List<byte[]> items) {
        long total = 0;
        for (byte[] item : items) {
            total += item.length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch of " + total + " bytes (expected: under 2 GiB)");
        }
        byte[] data = new byte[(int) total];
        int at = 0;
        for (byte[] item : items) {
            System.arraycopy(item, 0, data, at, item.length);
            at += item.length;
        }
        return data;
    }

    private static int[] sequentialSpans(List<byte[]> items) {
        int[] spans = new int[3 * items.size()];
        int at = 0;
        for (int i = 0; i < items.size(); i++) {
            int length = items.get(i).length;
            spans[3 * i] = at;
            spans[3 * i + 1] = length;
            at += length;
        }
        return spans;
    }
}
