package dev.kubeaudit.shipper.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One shipped segment: its file name, object key, size, SHA-256 (hex), the store's ETag and
 * version id (null when none), and when it was recorded. Immutable.
 */
public record LedgerEntry(String segment, String key, long size, String sha256Hex, String etag, String versionId,
                          Instant shippedAt) {
    private static final String NONE = "-";

    public LedgerEntry {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        Objects.requireNonNull(shippedAt, "shippedAt");
    }

    /** One tab-separated line, without the newline. */
    String toLine() {
        return String.join("\t", clean(segment), clean(key), Long.toString(size), clean(sha256Hex), field(etag),
                field(versionId), shippedAt.toString());
    }

    /** The entry of a line written by {@link #toLine}. */
    static LedgerEntry parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("expected 7 tab-separated fields, found " + f.length);
        }
        return new LedgerEntry(f[0], f[1], Long.parseLong(f[2]), f[3], value(f[4]), value(f[5]), Instant.parse(f[6]));
    }

    private static String field(String value) {
        return value == null || value.isEmpty() ? NONE : clean(value);
    }

    private static String value(String field) {
        return field.equals(NONE) ? null : field;
    }

    private static String clean(String value) {
        return value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
