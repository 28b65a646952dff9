package dev.kubeaudit.search.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeaudit.search.columns.DuckDbTypes;
import dev.kubeaudit.search.columns.EventColumn;
import dev.kubeaudit.search.columns.EventColumns;
import dev.kubeaudit.search.plan.TimeWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code events} view over segment files ({@link ViewSource}), one row per line: the
 * {@link EventColumns} in their order (a key a line lacks, or holds with another type, is NULL),
 * then {@code cluster}, {@code node}, {@code dt} (DATE: the UTC day of the segment's name),
 * {@code segment} (its object key) and {@code raw} (the line itself, JSON text as written). Only
 * events of the window are in it (stageTimestamp in [since, until), held in the variables
 * {@code events_since} and {@code events_until}). Beside it the table {@code segments} maps each
 * file to its key, cluster, node and day. Lines are read with read_ndjson_objects and typed with
 * json_transform, which keeps the raw line at the speed of read_json with columns. File paths are
 * the only literals (our own paths, ' doubled); everything else is bound. Stateless.
 */
public final class EventsView {
    public static final String NAME = "events";
    /** The columns after the event's own, in this order. */
    public static final List<String> SOURCE_COLUMNS = List.of("cluster", "node", "dt", "segment", "raw");

    private EventsView() {
    }

    /** Every column name of the view, in order. */
    public static List<String> columns() {
        return Stream.concat(EventColumns.ALL.stream().map(EventColumn::name), SOURCE_COLUMNS.stream()).toList();
    }

    /** Creates {@code segments} and {@code events} of {@code source} on {@code c} (temporary objects of this connection). */
    public static void create(Connection c, ViewSource source) throws SQLException {
        List<SegmentFile> files = source.files();
        TimeWindow window = source.window();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE segments (file VARCHAR, segment VARCHAR, cluster VARCHAR, node VARCHAR, dt DATE)");
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO segments VALUES (?, ?, ?, ?, CAST(? AS DATE))")) {
            for (SegmentFile f : files) {
                insert.setString(1, f.path());
                insert.setString(2, f.key().key());
                insert.setString(3, f.key().cluster());
                insert.setString(4, f.key().node());
                insert.setString(5, LocalDate.ofInstant(f.key().segmentTime(), ZoneOffset.UTC).toString());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        setTime(c, "events_since", window.since());
        setTime(c, "events_until", window.until());
        try (Statement s = c.createStatement()) {
            s.execute(sql(source));
        }
    }

    /** The view's definition. */
    static String sql(ViewSource source) {
        TimeWindow window = source.window();
        String columns = EventColumns.ALL.stream()
                .map(col -> "r.e." + DuckDbTypes.quoted(col.name()) + " AS " + DuckDbTypes.quoted(col.name()))
                .collect(Collectors.joining(", "));
        List<String> conditions = new ArrayList<>();
        if (window.since() != null) {
            conditions.add("r.e.\"stageTimestamp\" >= getvariable('events_since')");
        }
        if (window.until() != null) {
            conditions.add("r.e.\"stageTimestamp\" < getvariable('events_until')");
        }
        return "CREATE TEMP VIEW " + NAME + " AS SELECT " + columns
                + ", s.cluster AS cluster, s.node AS node, s.dt AS dt, s.segment AS segment, r.json AS raw"
                + " FROM (SELECT json_transform(json, " + literal(structure()) + ") AS e, json, filename FROM "
                + read(source) + ") AS r JOIN segments AS s ON s.file = r.filename"
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
    }

    /** The json_transform structure: each column's key and DuckDB type. */
    static String structure() {
        ObjectNode structure = new ObjectMapper().createObjectNode();
        EventColumns.ALL.forEach(col -> structure.put(col.name(), DuckDbTypes.of(col.type())));
        return structure.toString();
    }

    private static String read(ViewSource source) {
        List<SegmentFile> files = source.files();
        if (files.isEmpty()) {
            return "(SELECT CAST(NULL AS JSON) AS json, CAST(NULL AS VARCHAR) AS filename WHERE false)";
        }
        return "read_ndjson_objects(" + files.stream().map(f -> literal(f.path())).collect(Collectors.joining(", ", "[", "]"))
                + ", filename = true, maximum_object_size = " + source.maxLineBytes() + ")";
    }

    private static void setTime(Connection c, String variable, Instant time) throws SQLException {
        if (time == null) {
            return;
        }
        try (PreparedStatement set = c.prepareStatement("SET VARIABLE " + variable + " = CAST(? AS TIMESTAMPTZ)")) {
            set.setString(1, time.toString());
            set.execute();
        }
    }

    /** A SQL string literal of text of ours (paths, the structure): ' doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
