package dev.kubeaudit.search.query;

import java.io.IOException;
import java.sql.SQLException;

/**
 * A segment cannot be read: it does not decompress, or holds a line that is no JSON (or longer
 * than {@link ViewSource#maxLineBytes()}). The message names the segment's key and gives DuckDB's
 * first line, the local path replaced by the key.
 */
public final class SegmentException extends IOException {
    private SegmentException(String message, Throwable cause) {
        super(message, cause);
    }

    static SegmentException of(SegmentFile f, SQLException e) {
        String first = DuckDb.firstLine(e).replace(f.path(), f.key().key());
        return new SegmentException("Segment '" + f.key().key() + "' cannot be read: " + first, e);
    }
}
