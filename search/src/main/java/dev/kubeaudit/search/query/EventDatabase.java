package dev.kubeaudit.search.query;

import dev.kubeaudit.search.files.Trees;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory DuckDB ({@link DuckDb#connect}) holding the {@link EventsView} over some segment
 * files, locked down before anything else runs on it: it reads only those files and its scratch
 * folder, writes nowhere but there (large sorts spill to it), and its configuration cannot change.
 * The scratch folder is private and deleted on close. Not thread-safe: one per search.
 */
public final class EventDatabase implements Closeable {
    private final Path scratch;
    private final Connection connection;
    private final ViewSource source;

    private EventDatabase(Path scratch, Connection connection, ViewSource source) {
        this.scratch = scratch;
        this.connection = connection;
        this.source = source;
    }

    /**
     * A database whose {@code events} view is made of {@code source}; with {@code streamResults}
     * (for results that may not fit in memory) see {@link DuckDb#connect}.
     *
     * @throws SegmentException when a file cannot be read
     */
    public static EventDatabase open(ViewSource source, boolean streamResults) throws IOException {
        List<SegmentFile> files = source.files();
        Path scratch = Files.createTempDirectory("audit-search-");
        Connection c = null;
        try {
            Path extensions = Files.createDirectory(scratch.resolve("extensions"));
            Path spill = Files.createDirectory(scratch.resolve("spill"));
            c = DuckDb.connect(extensions, streamResults);
            EventDatabase db = new EventDatabase(scratch, c, source);
            DuckDb.execute(c, "SET temp_directory = " + EventsView.literal(spill.toString()));
            EventsView.create(c, source);
            DuckDb.lock(c, files.stream().map(SegmentFile::path).toList(), List.of(spill + "/"));
            return db;
        } catch (SQLException e) {
            IOException failure = explain(source, scratch, "Opening the events view", e);
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

    /**
     * Why {@code operation} failed with {@code e}: the {@link SegmentException} of the first segment
     * that does not read on its own, else an IOException with DuckDB's first line.
     */
    public IOException failure(String operation, SQLException e) throws IOException {
        return explain(source, scratch, operation, e);
    }

    /** The first segment that does not read on its own, empty when they all read. */
    public Optional<SegmentException> unreadableSegment() throws IOException {
        return SegmentProbe.firstUnreadable(source, scratch);
    }

    /** Why {@code operation} on a view of {@code source} failed: see {@link #failure}; {@code scratch} takes the probe's extension folder. */
    static IOException explain(ViewSource source, Path scratch, String operation, SQLException e)
            throws IOException {
        Optional<SegmentException> segment = SegmentProbe.firstUnreadable(source, scratch);
        if (segment.isPresent()) {
            return segment.get();
        }
        return new IOException(operation + " failed: " + DuckDb.firstLine(e), e);
    }

    @Override
    public void close() throws IOException {
        close(connection, scratch);
    }

    /** Closes {@code c} (if any), then deletes {@code scratch} and all it holds. */
    static void close(Connection c, Path scratch) throws IOException {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException e) {
            throw new IOException("Closing DuckDB failed: " + e.getMessage(), e);
        } finally {
            Trees.delete(scratch);
        }
    }
}
