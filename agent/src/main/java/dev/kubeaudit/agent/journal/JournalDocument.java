package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.event.Batch;
import java.nio.charset.StandardCharsets;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The on-disk form of one journal document, one per accepted batch, all numbers big-endian as
 * Chronicle writes them: format version (int, {@value #FORMAT_VERSION}), digest (int length +
 * bytes), accept time (long, epoch millis), apiVersion (int length + UTF-8), cumulative event
 * count and cumulative item bytes up to and including this batch (two longs), item count (int),
 * then each item as int length + bytes. The version comes first so that any later layout can
 * still be recognised as newer. Stateless; thread-safe.
 */
final class JournalDocument {
    /** The newest document format this agent writes and reads. */
    static final int FORMAT_VERSION = 1;
    private static final byte[] NO_PREFIX = new byte[0];

    private JournalDocument() {
    }

    /** Everything in a document but its items. */
    record Header(long index, byte[] digest, long acceptMillis, String apiVersion,
                  long cumulativeEvents, long cumulativeBytes, int itemCount) {
    }

    /** Bytes the document for {@code batch} takes. */
    static long encodedSize(Batch batch) {
        return encodedSize(batch.digest().length, batch.apiVersion(), batch.size(), batch.itemBytes());
    }

    /** Bytes a document takes whose digest, apiVersion, number of events and their line bytes are these. */
    static long encodedSize(int digestBytes, String apiVersion, long events, long itemBytes) {
        long size = 4 + 4 + digestBytes + 8 + 4 + apiVersion.getBytes(StandardCharsets.UTF_8).length + 8 + 8 + 4;
        return size + 4L * events + itemBytes;
    }

    static void write(Bytes<?> out, Batch batch, long acceptMillis, long cumulativeEvents, long cumulativeBytes) {
        out.writeInt(FORMAT_VERSION);
        writeBlob(out, batch.digest());
        out.writeLong(acceptMillis);
        writeBlob(out, batch.apiVersion().getBytes(StandardCharsets.UTF_8));
        out.writeLong(cumulativeEvents);
        out.writeLong(cumulativeBytes);
        out.writeInt(batch.size());
        byte[] data = batch.data();
        for (int i = 0; i < batch.size(); i++) {
            byte[] prefix = batch.prefix(i);
            out.writeInt(prefix.length + batch.contentLength(i));
            out.write(prefix);
            out.write(data, batch.start(i), batch.contentLength(i));
        }
    }

    /** Reads the header; fails on a version this agent does not know or a cut-short document. */
    static Header readHeader(Bytes<?> in, long index) {
        int version = readInt(in, index);
        if (version > FORMAT_VERSION) {
            throw new IllegalStateException("journal document at index " + index + " has format version "
                    + version + "; this agent reads up to " + FORMAT_VERSION + ": upgrade the agent");
        }
        if (version < 1) {
            throw new IllegalStateException("journal document at index " + index + " has format version "
                    + version + " (expected: 1.." + FORMAT_VERSION + "): not a journal document");
        }
        byte[] digest = readBlob(in, index);
        long acceptMillis = readLong(in, index);
        String apiVersion = new String(readBlob(in, index), StandardCharsets.UTF_8);
        long events = readLong(in, index);
        long bytes = readLong(in, index);
        int count = readInt(in, index);
        return new Header(index, digest, acceptMillis, apiVersion, events, bytes, count);
    }

    /** Reads the items that follow {@code header}, into one array for the whole batch. */
    static Batch readBatch(Bytes<?> in, Header header) {
        int count = header.itemCount();
        if (count < 0 || count > in.readRemaining() / 4) {
            throw truncated(header.index());
        }
        long remaining = in.readRemaining() - 4L * count;
        if (remaining > Integer.MAX_VALUE - 8) {
            throw truncated(header.index());
        }
        byte[] data = new byte[(int) remaining];
        int[] spans = new int[3 * count];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int length = readInt(in, header.index());
            if (length < 0 || length > in.readRemaining() || length > data.length - at) {
                throw truncated(header.index());
            }
            in.read(data, at, length);
            spans[3 * i] = at;
            spans[3 * i + 1] = length;
            at += length;
        }
        return Batch.over(header.apiVersion(), data, NO_PREFIX, spans, count, header.digest());
    }

    private static void writeBlob(Bytes<?> out, byte[] blob) {
        out.writeInt(blob.length);
        out.write(blob);
    }

    private static byte[] readBlob(Bytes<?> in, long index) {
        int length = readInt(in, index);
        if (length < 0 || length > in.readRemaining()) {
            throw truncated(index);
        }
        byte[] blob = new byte[length];
        in.read(blob);
        return blob;
    }

    private static int readInt(Bytes<?> in, long index) {
        if (in.readRemaining() < 4) {
            throw truncated(index);
        }
        return in.readInt();
    }

    private static long readLong(Bytes<?> in, long index) {
        if (in.readRemaining() < 8) {
            throw truncated(index);
        }
        return in.readLong();
    }

    private static IllegalStateException truncated(long index) {
        return new IllegalStateException("journal document at index " + index + " is cut short or damaged");
    }
}
