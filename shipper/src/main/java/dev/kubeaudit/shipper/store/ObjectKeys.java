package dev.kubeaudit.shipper.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The object key layout: {@code <prefix>/<cluster>/<node>/<yyyy>/<MM>/<dd>/<backup file name>},
 * the date (UTC) taken from the backup's name, so the same segment always gets the same key. An
 * empty prefix leaves it out. Pure; thread-safe (immutable).
 */
public record ObjectKeys(String prefix, String cluster, String node) {

    public ObjectKeys {
        prefix = prefix == null ? "" : strip(prefix);
        requireName("cluster", cluster);
        requireName("node", node);
    }

    /** The key of the segment file {@code fileName} rotated at {@code segmentTime}. */
    public String keyFor(String fileName, Instant segmentTime) {
        return withPrefix(relativeKeyFor(fileName, segmentTime));
    }

    /** The key of {@code fileName} without the prefix: {@code <cluster>/<node>/<yyyy>/<MM>/<dd>/<fileName>}. */
    public String relativeKeyFor(String fileName, Instant segmentTime) {
        if (fileName.isEmpty() || fileName.contains("/")) {
            throw new IllegalArgumentException("fileName: '" + fileName + "' (expected: a file name without /)");
        }
        LocalDate day = LocalDate.ofInstant(segmentTime, ZoneOffset.UTC);
        return cluster + "/" + node + "/" + String.format("%04d/%02d/%02d/", day.getYear(),
                day.getMonthValue(), day.getDayOfMonth()) + fileName;
    }

    /** The key under which an object with key {@code relativeKey} (relative to the archive root) is stored. */
    public String withPrefix(String relativeKey) {
        return prefix.isEmpty() ? relativeKey : prefix + "/" + relativeKey;
    }

    private static String strip(String prefix) {
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isEmpty() || value.contains("/")) {
            throw new IllegalArgumentException(what + ": '" + value + "' (expected: a non-empty name without /)");
        }
    }
}
