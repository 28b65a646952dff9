package dev.kubeaudit.search.archivesql;

import static dev.kubeaudit.search.archivesql.Projection.ARCHIVE_ROOT;

import dev.kubeaudit.search.columns.EventColumn;
import dev.kubeaudit.search.columns.EventColumns;
import dev.kubeaudit.search.columns.TrinoTypes;
import java.util.List;
import java.util.stream.Collectors;

/** Renders {@code docs/archive-sql/trino.md}: Hive connector tables with partition projection and the questions. Stateless. */
final class TrinoRecipe {
    static final String FILE = "trino.md";

    private TrinoRecipe() {
    }

    static String page() {
        return new DocPage("Trino")
                .paragraph("Hive connector tables over an archive shipped with `ship.layout: hive`, partitioned by"
                        + " `cluster` and `dt`. Partition projection needs `hive.partition-projection-enabled=true` in"
                        + " the catalog's properties (default false). Run the statements in a schema of that catalog"
                        + " (`USE hive.audit`), and replace `" + ARCHIVE_ROOT + "` (twice per table), the cluster names"
                        + " and the first day. Why the tables look like this: [README.md](README.md).")
                .heading("Events")
                .paragraph("`format = 'JSON'` is the Hive JSON SerDe: "
                        + String.join(" and ", AthenaRecipe.quotedNames(TableColumns.jsonNames()))
                        + " are left out, as it fails the query on an object in a `varchar` column.")
                .code("sql", "trino-events", table("kube_audit_events", TableColumns.typed(), "JSON"))
                .heading("Request and response bodies")
                .paragraph("`format = 'OPENX_JSON'` renders an object in a `varchar` column as its JSON text."
                        + " Join on `auditID` and `stage` within the same `cluster` and `dt`.")
                .code("sql", "trino-bodies", table("kube_audit_bodies", TableColumns.bodies(), "OPENX_JSON"))
                .heading("Without partition projection")
                .paragraph("Leave out the `partition_projection_*` properties (table and columns), then register the"
                        + " partitions the archive has, after each new day starts and after adding a cluster:")
                .code("sql", null, "CALL system.sync_partition_metadata('audit', 'kube_audit_events', 'ADD');")
                .questions(QueryDialect.TRINO, "")
                .text();
    }

    private static String table(String name, List<EventColumn> columns, String format) {
        String body = columns.stream()
                .map(c -> "  " + TrinoTypes.quoted(c.name()) + " " + TrinoTypes.of(c.type()) + " COMMENT "
                        + TableColumns.trinoComment(c))
                .collect(Collectors.joining(",\n"));
        String clusters = Projection.CLUSTERS.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        return "CREATE TABLE " + name + " (\n" + body + ",\n"
                + "  \"cluster\" varchar WITH (\n"
                + "    partition_projection_type = 'ENUM',\n"
                + "    partition_projection_values = ARRAY[" + clusters + "]),\n"
                + "  \"dt\" varchar WITH (\n"
                + "    partition_projection_type = 'DATE',\n"
                + "    partition_projection_format = '" + Projection.DAY_FORMAT + "',\n"
                + "    partition_projection_range = ARRAY['" + Projection.FIRST_DAY + "', 'NOW'],\n"
                + "    partition_projection_interval = 1,\n"
                + "    partition_projection_interval_unit = 'DAYS')\n"
                + ")\n"
                + "WITH (\n"
                + "  format = '" + format + "',\n"
                + "  external_location = '" + ARCHIVE_ROOT + "',\n"
                + "  partitioned_by = ARRAY[" + EventColumns.PARTITIONS.stream().map(p -> "'" + p + "'")
                        .collect(Collectors.joining(", ")) + "],\n"
                + "  partition_projection_enabled = true,\n"
                + "  partition_projection_location_template = '" + Projection.LOCATION_TEMPLATE + "'\n"
                + ");";
    }
}
