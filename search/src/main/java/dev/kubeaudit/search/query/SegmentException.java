package dev.kubeaudit.search.query;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/**
 * A segment cannot be read: it does not decompress, or holds a line that is no JSON (or longer
 * than {@link EventsView#MAX_LINE_BYTES}). The message names the segment's key and gives DuckDB's
 * first line with each local path replaced by its key.
 */
public final class SegmentException extends IOException {

    private SegmentException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code "<what> cannot be read: <DuckDB's first line>"}. */
    static SegmentException of(String what, SQLException e, List<SegmentFile> files) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).strip();
        // Longest paths first, so that no path is replaced inside a longer one.
        for (SegmentFile f : files.stream().sorted(Comparator.comparingInt((SegmentFile f) -> f.path().length()).reversed()).toList()) {
            first = first.replace(f.path(), f.key().key());
        }
        return new SegmentException(what + " cannot be read: " + first, e);
    }
}
