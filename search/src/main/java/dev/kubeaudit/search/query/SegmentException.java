package dev.kubeaudit.search.query;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/**
 * Reading segments failed: a segment does not decompress or holds a line that is no JSON object
 * (or a longer one than {@link EventsView#MAX_LINE_BYTES}). The message is DuckDB's first line
 * with each local path replaced by its segment's key, so it names keys as the archive does.
 */
public final class SegmentException extends IOException {

    private SegmentException(String message, Throwable cause) {
        super(message, cause);
    }

    static SegmentException of(String operation, SQLException e, List<SegmentFile> files) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).strip();
        // Longest paths first, so that no path is replaced inside a longer one.
        for (SegmentFile f : files.stream().sorted(Comparator.comparingInt((SegmentFile f) -> f.path().length()).reversed()).toList()) {
            first = first.replace(f.path(), f.key().key());
        }
        return new SegmentException(operation + " failed: " + first, e);
    }
}
