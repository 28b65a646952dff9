package dev.kubeaudit.search.archivesql;

import static dev.kubeaudit.search.archivesql.Projection.ARCHIVE_ROOT;

import dev.kubeaudit.search.columns.EventColumn;
import dev.kubeaudit.search.columns.EventColumns;
import dev.kubeaudit.search.columns.HiveTypes;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders {@code docs/archive-sql/athena.md}: the tables with partition projection and the questions. Stateless. */
final class AthenaRecipe {
    static final String FILE = "athena.md";

    private AthenaRecipe() {
    }

    static String page() {
        return new DocPage("Athena")
                .paragraph("Tables over an archive shipped with `ship.layout: hive`, partitioned by `cluster` and `dt`"
                        + " with partition projection: no crawler, no `MSCK REPAIR TABLE`, a new day is visible at once."
                        + " Replace `" + ARCHIVE_ROOT + "` (twice per table) with the archive root, the cluster names"
                        + " with yours and the first day of the range with the archive's first. Why the tables look like"
                        + " this: [README.md](README.md).")
                .heading("Events")
                .paragraph("Read by the Hive JSON SerDe. " + String.join(" and ", quotedNames(TableColumns.jsonNames()))
                        + " are left out: that SerDe fails the whole query on an object in a `string` column.")
                .code("sql", "athena-events", table("kube_audit_events", TableColumns.typed(),
                        "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'"))
                .heading("Request and response bodies")
                .paragraph("Read by the OpenX SerDe, which renders an object in a `string` column as its JSON text."
                        + " Keys are matched case-sensitively (`case.insensitive` off, so that keys inside a body that"
                        + " differ only in case cannot collide), hence a `mapping` per camel-case key. Join on `auditID`"
                        + " and `stage` within the same `cluster` and `dt`.")
                .code("sql", "athena-bodies", table("kube_audit_bodies", TableColumns.bodies(),
                        "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nWITH SERDEPROPERTIES (\n"
                                + "  'case.insensitive' = 'false',\n" + mappings(TableColumns.bodies()) + "\n)"))
                .questions(QueryDialect.TRINO, "")
                .text();
    }

    private static String table(String name, List<EventColumn> columns, String serde) {
        String body = columns.stream()
                .map(c -> "  " + HiveTypes.quoted(c.name()) + " " + HiveTypes.of(c.type()) + " COMMENT "
                        + TableColumns.hiveComment(c))
                .collect(Collectors.joining(",\n"));
        String partitions = EventColumns.PARTITIONS.stream().map(p -> HiveTypes.quoted(p) + " string")
                .collect(Collectors.joining(", "));
        return "CREATE EXTERNAL TABLE " + name + " (\n" + body + "\n)\n"
                + "PARTITIONED BY (" + partitions + ")\n"
                + serde + "\n"
                + "LOCATION '" + ARCHIVE_ROOT + "'\n"
                + "TBLPROPERTIES (\n"
                + "  'projection.enabled' = 'true',\n"
                + "  'projection.cluster.type' = 'enum',\n"
                + "  'projection.cluster.values' = '" + String.join(",", Projection.CLUSTERS) + "',\n"
                + "  'projection.dt.type' = 'date',\n"
                + "  'projection.dt.format' = '" + Projection.DAY_FORMAT + "',\n"
                + "  'projection.dt.range' = '" + Projection.FIRST_DAY + ",NOW',\n"
                + "  'projection.dt.interval' = '1',\n"
                + "  'projection.dt.interval.unit' = 'DAYS',\n"
                + "  'storage.location.template' = '" + Projection.LOCATION_TEMPLATE + "'\n"
                + ");";
    }

    private static String mappings(List<EventColumn> columns) {
        return columns.stream()
                .filter(c -> !c.name().equals(c.name().toLowerCase(Locale.ROOT)))
                .map(c -> "  'mapping." + c.name().toLowerCase(Locale.ROOT) + "' = '" + c.name() + "'")
                .collect(Collectors.joining(",\n"));
    }

    static List<String> quotedNames(List<String> names) {
        return names.stream().map(n -> "`" + n + "`").toList();
    }
}
