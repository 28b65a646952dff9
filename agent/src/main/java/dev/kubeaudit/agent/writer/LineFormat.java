package dev.kubeaudit.agent.writer;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.event.LegacyFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns one journaled event into its audit.log line without the newline: {@link #bytes()}
 * [{@link #offset()}, {@link #offset()} + {@link #length()}). A journaled line is used where it
 * lies in its batch, without a copy; a legacy-format line is built in a reusable buffer. The log
 * writer and the forwarders use it, so that a destination receives exactly the lines audit.log holds.
 * Not thread-safe: one per thread; the bytes are valid until the next {@link #format}.
 */
public final class LineFormat {
    private final boolean legacy;
    private byte[] buffer = new byte[64 * 1024];
    private byte[] bytes;
    private int offset;
    private int length;

    /** @param legacy the legacy text format of log.format: legacy, else the JSON line as journaled */
    public LineFormat(boolean legacy) {
        this.legacy = legacy;
    }

    /** Formats event {@code i} of {@code batch}. */
    public void format(Batch batch, int i) {
        if (legacy) {
            byte[] line = LegacyFormat.line(batch.item(i)).getBytes(StandardCharsets.UTF_8);
            ensure(line.length);
            System.arraycopy(line, 0, buffer, 0, line.length);
            use(buffer, 0, line.length);
        } else if (batch.prefix(i).length == 0) {
            use(batch.data(), batch.start(i), batch.contentLength(i));
        } else {
            ensure(batch.length(i));
            use(buffer, 0, batch.copyItem(i, buffer, 0));
        }
    }

    public byte[] bytes() {
        return bytes;
    }

    public int offset() {
        return offset;
    }

    /** Bytes of the line without its newline. */
    public int length() {
        return length;
    }

    private void use(byte[] array, int from, int size) {
        bytes = array;
        offset = from;
        length = size;
    }

    private void ensure(int size) {
        if (buffer.length < size) {
            buffer = Arrays.copyOf(buffer, Math.max(size, buffer.length * 2));
        }
    }
}
