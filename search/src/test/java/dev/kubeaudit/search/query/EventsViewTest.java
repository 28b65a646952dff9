package dev.kubeaudit.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.columns.DuckDbTypes;
import dev.kubeaudit.search.columns.EventColumn;
import dev.kubeaudit.search.columns.EventColumns;
import dev.kubeaudit.search.plan.TimeWindow;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.TestArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events view: its columns in the one order, their types, and the lockdown of its database. */
class EventsViewTest {
    @TempDir
    Path dir;

    @Test
    void columnsAreTheEventColumnsInOrderThenWhereEachLineCameFrom() throws Exception {
        try (EventDatabase db = EventDatabase.open(ViewSource.of(List.of(file("prod", "node-a"))), false)) {
            List<String[]> described = rows(db, "DESCRIBE events");

            List<String> expected = new ArrayList<>();
            EventColumns.ALL.forEach(c -> expected.add(c.name() + " " + DuckDbTypes.of(c.type()).replace("\"", "")));
            expected.addAll(List.of("cluster VARCHAR", "node VARCHAR", "dt DATE", "segment VARCHAR", "raw JSON"));
            assertThat(described).extracting(r -> r[0] + " " + r[1].replace("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ")
                    .replace("\"", "")).containsExactlyElementsOf(expected);
            assertThat(EventsView.columns()).containsExactlyElementsOf(described.stream().map(r -> r[0]).toList());
        }
    }

    @Test
    void eachColumnHoldsItsFieldTyped() throws Exception {
        SegmentFile f = file("prod", "node-a");
        try (EventDatabase db = EventDatabase.open(ViewSource.of(List.of(f)), false)) {
            String[] row = rows(db, "SELECT auditID, \"user\".groups[1], responseStatus.code * 2, stageTimestamp,"
                    + " annotations['k'], requestObject->>'$.data', cluster, node, dt, segment FROM events").get(0);

            assertThat(row).containsExactly("e1", "system:authenticated", "800", "2026-05-01T09:00:00Z", "v", "xx", "prod",
                    "node-a", "2026-05-01", f.key().key());
        }
    }

    @Test
    void theWindowIsPartOfTheView() throws Exception {
        TimeWindow window = new TimeWindow(Instant.parse("2026-05-01T09:00:00.000001Z"), null);
        try (EventDatabase db = EventDatabase.open(ViewSource.of(List.of(file("prod", "node-a"))).withWindow(window), false)) {
            assertThat(rows(db, "SELECT count(*) FROM events").get(0)).containsExactly("0");
        }
    }

    @Test
    void withoutFilesTheViewIsEmptyButComplete() throws Exception {
        try (EventDatabase db = EventDatabase.open(ViewSource.of(List.of()), false)) {
            assertThat(rows(db, "SELECT count(*) FROM events").get(0)).containsExactly("0");
            assertThat(rows(db, "DESCRIBE events")).hasSize(EventColumns.ALL.size() + EventsView.SOURCE_COLUMNS.size());
        }
    }

    @Test
    void theDatabaseReadsOnlyItsSegmentsAndStaysLocked() throws Exception {
        SegmentFile f = file("prod", "node-a");
        try (EventDatabase db = EventDatabase.open(ViewSource.of(List.of(f)), false)) {
            assertThat(error(db, "SELECT * FROM read_text(" + EventsView.literal(dir.resolve("other").toString()) + ")"))
                    .contains("Permission Error");
            assertThat(error(db, "SET enable_external_access = true")).contains("configuration has been locked");
            assertThat(error(db, "LOAD httpfs")).isNotEmpty();
            assertThat(rows(db, "SELECT count(*) FROM read_text(" + EventsView.literal(f.path()) + ")").get(0))
                    .containsExactly("1");
        }
    }

    @Test
    void theStructureNamesEveryColumn() {
        for (EventColumn c : EventColumns.ALL) {
            assertThat(EventsView.structure()).contains("\"" + c.name() + "\":");
        }
    }

    private SegmentFile file(String cluster, String node) throws IOException {
        TestArchive archive = new TestArchive(dir.resolve("archive"));
        String key = archive.segment(ArchiveLayout.HIVE, cluster, node, "2026-05-01T10:00:00Z", Compression.GZIP, List.of(
                Event.at("e1", "2026-05-01T09:00:00Z").code(400).annotation("k", "v").requestBody(2).line()));
        return new SegmentFile(archive.root().resolve(key), SegmentKey.parse(key).orElseThrow());
    }

    private static List<String[]> rows(EventDatabase db, String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = Rows.text(r.getObject(i + 1));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String error(EventDatabase db, String sql) {
        try (Statement s = db.connection().createStatement()) {
            s.execute(sql);
            return "";
        } catch (SQLException e) {
            return String.valueOf(e.getMessage());
        }
    }
}
