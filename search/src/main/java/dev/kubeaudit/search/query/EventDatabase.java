package dev.kubeaudit.search.query;

import dev.kubeaudit.search.plan.TimeWindow;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An in-memory DuckDB holding the {@link EventsView} over some segment files, locked down before
 * anything else runs on it: no extension is installed or loaded (the extension folder is an empty
 * one of ours), times are UTC, it reads only those files (allowed_paths, no other external access)
 * and its configuration cannot be changed. Its scratch folder (the extension folder and where large
 * sorts spill) is private and deleted on close. Not thread-safe: one per search.
 */
public final class EventDatabase implements Closeable {
    private final Path scratch;
    private final Connection connection;
    private final List<SegmentFile> files;

    private EventDatabase(Path scratch, Connection connection, List<SegmentFile> files) {
        this.scratch = scratch;
        this.connection = connection;
        this.files = List.copyOf(files);
    }

    /**
     * A database whose {@code events} view holds the events of {@code files} in {@code window}.
     *
     * @throws SegmentException when the view cannot be made of the files (a message naming keys, not paths)
     */
    public static EventDatabase open(List<SegmentFile> files, TimeWindow window) throws IOException {
        Path scratch = Files.createTempDirectory("audit-search-");
        Connection c = null;
        try {
            Path extensions = Files.createDirectory(scratch.resolve("extensions"));
            Path spill = Files.createDirectory(scratch.resolve("spill"));
            c = DriverManager.getConnection("jdbc:duckdb:", properties(extensions));
            EventDatabase db = new EventDatabase(scratch, c, files);
            db.execute("SET TimeZone = 'UTC'");
            db.execute("SET temp_directory = " + EventsView.literal(spill.toString()));
            EventsView.create(c, files, window);
            db.execute("SET allowed_paths = " + files.stream().map(f -> EventsView.literal(f.path()))
                    .collect(Collectors.joining(", ", "[", "]")));
            db.execute("SET enable_external_access = false");
            db.execute("SET lock_configuration = true");
            return db;
        } catch (SQLException e) {
            SegmentException failure = SegmentException.of("Opening the events of " + files.size() + " segments", e, files);
            close(c, scratch);
            throw failure;
        } catch (IOException | RuntimeException e) {
            close(c, scratch);
            throw e;
        }
    }

    public Connection connection() {
        return connection;
    }

    /** {@code e} of {@code operation} on this database as a {@link SegmentException}, naming keys instead of paths. */
    public SegmentException failure(String operation, SQLException e) {
        return SegmentException.of(operation, e, files);
    }

    /**
     * Reads every segment through the view, to tell whether a failed query failed on the segments:
     * empty when they all read, else the failure.
     */
    public Optional<SegmentException> unreadable() {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + EventsView.NAME)) {
            r.next();
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(failure("Reading the segments", e));
        }
    }

    private static Properties properties(Path extensions) {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        p.setProperty("extension_directory", extensions.toString());
        p.setProperty("jdbc_stream_results", "true");
        return p;
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws IOException {
        close(connection, scratch);
    }

    private static void close(Connection c, Path scratch) throws IOException {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException e) {
            throw new IOException("Closing DuckDB failed: " + e.getMessage(), e);
        } finally {
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IOException("Deleting scratch folder " + dir + " failed: " + e.getMessage(), e);
        }
    }
}
