package dev.kubeaudit.search.query;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.duckdb.DuckDBDriver;

/**
 * Connections to a new in-memory DuckDB that install and load no extension (the extension folder is
 * an empty one of the caller's; JSON, Parquet and ICU are linked in) and keep times in UTC, and the
 * lock that confines one to given paths. Stateless.
 */
public final class DuckDb {
    private DuckDb() {
    }

    /**
     * A new database. With {@code streamResults} rows are fetched as they are read, not held in
     * memory all at once; but then a failure while fetching reaches JDBC without DuckDB's message
     * ("Invalid result set"), so run such a query again without to learn why it failed.
     */
    public static Connection connect(Path emptyExtensionDir, boolean streamResults) throws SQLException {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        p.setProperty("extension_directory", emptyExtensionDir.toString());
        p.setProperty("jdbc_stream_results", Boolean.toString(streamResults));
        // The driver itself, not DriverManager: under `audit-agent search` this class is loaded by a
        // child class loader that DriverManager's service lookup never sees.
        Connection c = new DuckDBDriver().connect("jdbc:duckdb:", p);
        try {
            execute(c, "SET TimeZone = 'UTC'");
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Confines {@code c} for good: from now on it reads and writes only {@code paths} (files) and
     * what lies under {@code directories}, and its configuration cannot change. Spilling to a
     * temp_directory set before still works.
     */
    public static void lock(Connection c, List<String> paths, List<String> directories) throws SQLException {
        execute(c, "SET allowed_paths = " + list(paths));
        execute(c, "SET allowed_directories = " + list(directories));
        execute(c, "SET enable_external_access = false");
        execute(c, "SET lock_configuration = true");
    }

    /** The first line of {@code e}'s message, stripped: DuckDB's reason without the context it adds below. */
    static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String list(List<String> texts) {
        return texts.stream().map(EventsView::literal).collect(Collectors.joining(", ", "[", "]"));
    }
}
