package dev.kubeaudit.search.query;

import dev.kubeaudit.agent.archive.SegmentKey;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A segment as DuckDB reads it: a local file holding the bytes of segment {@code key}, its name
 * ending like the key's (DuckDB takes the compression from it). The path is absolute and free of
 * '*', '?', '[' and '{', which DuckDB would expand as a glob. Immutable.
 */
public record SegmentFile(Path file, SegmentKey key) {
    public SegmentFile {
        Objects.requireNonNull(key, "key");
        file = file.toAbsolutePath().normalize();
        String text = file.toString();
        if (text.matches(".*[*?\\[{].*")) {
            throw new IllegalArgumentException("Segment '" + key.key() + "' is at " + text
                    + ", a path DuckDB would read as a glob (expected: no '*', '?', '[' or '{' in it)");
        }
    }

    /** The path as DuckDB is given it and names it in messages. */
    public String path() {
        return file.toString();
    }
}
