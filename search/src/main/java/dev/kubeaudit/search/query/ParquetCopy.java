package dev.kubeaudit.search.query;

import dev.kubeaudit.search.columns.ColumnType;
import dev.kubeaudit.search.columns.DuckDbTypes;
import dev.kubeaudit.search.columns.EventColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the events of a {@link ViewSource} as Parquet into an empty local folder, with one
 * {@code COPY (SELECT …) TO '<folder>' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (cluster, dt))}:
 * files {@code cluster=<cluster>/dt=<yyyy-MM-dd>/data_<n>.parquet}, the partition columns in the
 * folder names only (hive style). Columns of each file, in order: the {@link EventColumns} typed as
 * in the {@link EventsView} (structs, lists, maps, {@code TIMESTAMPTZ}), except that
 * requestObject and responseObject are their JSON text ({@code VARCHAR}: every engine reads a plain
 * string), then {@link #SOURCE_COLUMNS}: the node, the segment's key and the stored SHA-256 its
 * manifest states (NULL without one). The raw line is left out: the archive keeps it, and
 * {@code segment} with {@code segment_sha256} lead back to it.
 * <p>
 * The connection ({@link DuckDb#connect}) is locked ({@link DuckDb#lock}) before the COPY runs: it
 * reads only the segment files, and writes only into the folder and a private scratch folder
 * (spills; deleted afterwards). DuckDB refuses a folder that is not empty. Stateless.
 */
public final class ParquetCopy {
    /** The columns after the event's own in every file, in this order. */
    public static final List<String> SOURCE_COLUMNS = List.of("node", "segment", "segment_sha256");
    static final String DIGESTS = "segment_digests";

    private ParquetCopy() {
    }

    /**
     * Writes the events of {@code source} into {@code folder} (empty or absent), with
     * {@code storedSha256} (segment key to hex SHA-256, from manifests; a key absent: NULL).
     * Returns the files written, sorted by path; none when no event is in the source.
     *
     * @throws SegmentException when a segment cannot be read, naming its key
     * @throws IOException when DuckDB fails otherwise, with its message
     */
    public static List<ParquetFile> write(ViewSource source, Map<String, String> storedSha256, Path folder)
            throws IOException {
        Path target = folder.toAbsolutePath().normalize();
        Path scratch = Files.createTempDirectory("audit-export-");
        Connection c = null;
        try {
            Path extensions = Files.createDirectory(scratch.resolve("extensions"));
            Path spill = Files.createDirectory(scratch.resolve("spill"));
            c = DuckDb.connect(extensions, false);
            DuckDb.execute(c, "SET temp_directory = " + EventsView.literal(spill.toString()));
            EventsView.create(c, source);
            digests(c, storedSha256);
            List<String> paths = new ArrayList<>(source.files().stream().map(SegmentFile::path).toList());
            paths.add(target.toString());
            DuckDb.lock(c, paths, List.of(spill + "/", target + "/"));
            List<String> written = copy(c, target);
            return files(c, target, written);
        } catch (SQLException e) {
            throw EventDatabase.explain(source, scratch, "Export to Parquet", e);
        } finally {
            EventDatabase.close(c, scratch);
        }
    }

    /** The COPY statement: its only literal is the folder, a path of ours, ' doubled. */
    static String sql(Path folder) {
        String event = EventColumns.ALL.stream().map(col -> {
            String name = DuckDbTypes.quoted(col.name());
            return col.type() == ColumnType.Scalar.JSON ? "CAST(e." + name + " AS VARCHAR) AS " + name : "e." + name;
        }).collect(Collectors.joining(", "));
        return "COPY (SELECT " + event + ", e.cluster, e.dt, e.node, e.segment, d.sha256 AS segment_sha256"
                + " FROM " + EventsView.NAME + " AS e LEFT JOIN " + DIGESTS + " AS d ON d.segment = e.segment)"
                + " TO " + EventsView.literal(folder.toString())
                + " (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (cluster, dt), RETURN_FILES true)";
    }

    private static void digests(Connection c, Map<String, String> storedSha256) throws SQLException {
        DuckDb.execute(c, "CREATE TEMP TABLE " + DIGESTS + " (segment VARCHAR PRIMARY KEY, sha256 VARCHAR)");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + DIGESTS + " VALUES (?, ?)")) {
            for (Map.Entry<String, String> d : storedSha256.entrySet()) {
                insert.setString(1, d.getKey());
                insert.setString(2, d.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Runs the COPY; returns the files DuckDB says it wrote. */
    private static List<String> copy(Connection c, Path folder) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql(folder))) {
            r.next();
            Array files = r.getArray("Files");
            List<String> written = new ArrayList<>();
            for (Object f : (Object[]) files.getArray()) {
                written.add((String) f);
            }
            return written;
        }
    }

    /** Each file's rows from its Parquet footer and its size, by path below {@code folder}. */
    private static List<ParquetFile> files(Connection c, Path folder, List<String> written) throws SQLException, IOException {
        if (written.isEmpty()) {
            return List.of();
        }
        Map<String, Long> rows = new HashMap<>();
        String list = written.stream().map(EventsView::literal).collect(Collectors.joining(", ", "[", "]"));
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT file_name, num_rows FROM parquet_file_metadata(" + list + ")")) {
            while (r.next()) {
                rows.put(r.getString(1), r.getLong(2));
            }
        }
        List<ParquetFile> files = new ArrayList<>();
        for (String w : written) {
            Path file = Path.of(w).toAbsolutePath().normalize();
            if (!file.startsWith(folder) || !rows.containsKey(w)) {
                throw new IOException("Export to Parquet wrote " + w + " (expected: a Parquet file below " + folder + ")");
            }
            String relative = folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            files.add(new ParquetFile(relative, rows.get(w)));
        }
        files.sort(Comparator.comparing(ParquetFile::path));
        return List.copyOf(files);
    }
}
