package dev.kubeaudit.search.query;

import dev.kubeaudit.search.output.RowSink;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a result set to a {@link RowSink}: times in RFC 3339 with seconds always written
 * ({@code 2026-05-01T10:07:00Z}, {@code 2026-05-01T10:00:00.123456Z}), as in audit events; other
 * values as the JDBC driver renders them. Stateless.
 */
final class Rows {
    private Rows() {
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        return value.toString();
    }

    /** Closes {@code rows}; returns how many rows were copied. */
    static long copy(ResultSet rows, RowSink sink) throws SQLException, IOException {
        try (rows) {
            ResultSetMetaData meta = rows.getMetaData();
            int n = meta.getColumnCount();
            List<String> names = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                names.add(meta.getColumnLabel(i));
            }
            sink.columns(names);
            long count = 0;
            while (rows.next()) {
                List<String> values = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    values.add(text(rows.getObject(i)));
                }
                sink.row(values);
                count++;
            }
            return count;
        }
    }
}
