package dev.kubeaudit.search.query;

import dev.kubeaudit.search.output.RowSink;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Copies a result set to a {@link RowSink}, values as DuckDB renders them as text. Stateless. */
final class Rows {
    private Rows() {
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
                    values.add(rows.getString(i));
                }
                sink.row(values);
                count++;
            }
            return count;
        }
    }
}
