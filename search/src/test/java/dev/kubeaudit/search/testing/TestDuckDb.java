package dev.kubeaudit.search.testing;

import dev.kubeaudit.search.query.DuckDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A DuckDB of a test's own, to read back what an export wrote (or the archive) as a user would. Not thread-safe. */
public final class TestDuckDb implements AutoCloseable {
    private final Connection connection;

    /** A DuckDB whose (empty) extension folder is made in {@code dir}. */
    public TestDuckDb(Path dir) throws IOException, SQLException {
        this.connection = DuckDb.connect(Files.createTempDirectory(dir, "duckdb-ext-"), false);
    }

    /** Runs {@code sql} (a CREATE VIEW, a SET), which returns no rows. */
    public void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** Every row of {@code sql}, each a map of column label to value in column order. */
    public List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData m = r.getMetaData();
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= m.getColumnCount(); i++) {
                    row.put(m.getColumnLabel(i), r.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The first column of every row of {@code sql}. */
    public List<Object> column(String sql) throws SQLException {
        return rows(sql).stream().map(row -> row.values().iterator().next()).toList();
    }

    /** A SQL string literal of {@code path}: ' doubled. */
    public static String literal(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
