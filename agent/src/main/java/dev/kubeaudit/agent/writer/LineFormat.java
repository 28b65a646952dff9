package dev.kubeaudit.agent.writer;

import dev.kubeaudit.agent.event.LegacyFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns one journaled event into its audit.log line, newline included, in a reusable buffer.
 * Not thread-safe: one per writer thread.
 */
final class LineFormat {
    private final boolean legacy;
    private byte[] buffer = new byte[64 * 1024];
    private int length;

    LineFormat(boolean legacy) {
        this.legacy = legacy;
    }

    /** Formats {@code event}; the line is then {@link #bytes()}[0, {@link #length()}). */
    void format(byte[] event) {
        byte[] body = legacy ? LegacyFormat.line(event).getBytes(StandardCharsets.UTF_8) : event;
        ensure(body.length + 1);
        System.arraycopy(body, 0, buffer, 0, body.length);
        buffer[body.length] = '\n';
        length = body.length + 1;
    }

    byte[] bytes() {
        return buffer;
    }

    int length() {
        return length;
    }

    private void ensure(int size) {
        if (buffer.length < size) {
            buffer = Arrays.copyOf(buffer, Math.max(size, buffer.length * 2));
        }
    }
}
