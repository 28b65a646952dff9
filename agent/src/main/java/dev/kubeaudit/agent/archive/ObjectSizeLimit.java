package dev.kubeaudit.agent.archive;

import java.io.IOException;

/** The {@code maxBytes} of {@link Archive#readSmall}: its precondition and the error when an object exceeds it. */
public final class ObjectSizeLimit {
    /** The largest limit: one more byte than the limit is read to detect larger objects. */
    public static final int MAX = Integer.MAX_VALUE - 16;

    private ObjectSizeLimit() {
    }

    /** Fails fast unless {@code 0 <= maxBytes <= MAX}. */
    public static void require(int maxBytes) {
        if (maxBytes < 0 || maxBytes > MAX) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: 0.." + MAX + ")");
        }
    }

    /** The error for object {@code key} of archive {@code archive} holding more than {@code maxBytes}. */
    public static IOException exceeded(String archive, String key, int maxBytes) {
        return new IOException("Object '" + key + "' in " + archive + " is larger than " + maxBytes + " bytes");
    }
}
