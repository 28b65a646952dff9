package dev.kubeaudit.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A pool of distinct audit.log lines ({@code '\n'}-terminated, each exactly {@code lineBytes}
 * long) that the file benchmarks write in turn, as bytes and as strings. Thread-safe: immutable.
 */
final class Lines {
    static final int POOL = 4096;
    private final byte[][] bytes = new byte[POOL][];
    private final String[] strings = new String[POOL];

    Lines(int lineBytes) {
        String head = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"";
        for (int i = 0; i < POOL; i++) {
            String id = String.format(Locale.ROOT, "%08x-0000-4000-8000-000000000000", i);
            String tail = "\",\"verb\":\"get\",\"annotations\":{\"pad\":\"";
            int pad = lineBytes - 1 - head.length() - id.length() - tail.length() - 3;
            String line = head + id + tail + "p".repeat(Math.max(0, pad)) + "\"}}";
            strings[i] = line;
            bytes[i] = (line + "\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    byte[] bytes(long i) {
        return bytes[(int) (i % POOL)];
    }

    /** The line without its newline (a logging layout adds it). */
    String string(long i) {
        return strings[(int) (i % POOL)];
    }
}
