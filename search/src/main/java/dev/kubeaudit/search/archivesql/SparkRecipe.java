package dev.kubeaudit.search.archivesql;

import dev.kubeaudit.search.columns.EventColumns;
import dev.kubeaudit.search.columns.SparkTypes;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders {@code docs/archive-sql/spark.md}: a PySpark snippet that reads the archive with the
 * schema from the column list, and the questions in Spark SQL. The snippet's block is marked
 * {@code spark-read}; a test runs its settings, schema and reader options. Stateless.
 */
final class SparkRecipe {
    static final String FILE = "spark.md";
    static final String ARCHIVE_ROOT = "s3a://BUCKET/PREFIX/";

    private SparkRecipe() {
    }

    static String page() {
        return new DocPage("Spark")
                .paragraph("Reads an archive shipped with `ship.layout: hive` as one DataFrame, partitioned by"
                        + " `cluster` and `dt` (from the folder names, with `basePath`); Spark skips `_integrity/` as"
                        + " a hidden folder. The schema is given, not inferred: inference reads every line first, makes"
                        + " `annotations` a struct with dotted field names and types partitions by their values."
                        + " `requestObject` and `responseObject` are `STRING` columns holding the bodies' JSON text"
                        + " (`from_json` or `get_json_object` read into them). `.gz` and `.zst` segments are"
                        + " decompressed by their suffix, each by one task. Replace `" + ARCHIVE_ROOT + "` with the"
                        + " archive root (or a local folder). Scala takes the same schema string and options.")
                .code("python", "spark-read", snippet())
                .questions(QueryDialect.SPARK, "Run each with `spark.sql(\"\"\"…\"\"\").show(truncate=False)`. ")
                .text();
    }

    private static String snippet() {
        return "from pyspark.sql import SparkSession\n\n"
                + "spark = (SparkSession.builder.appName(\"kube-audit-archive\")\n"
                + "         .config(\"spark.sql.session.timeZone\", \"UTC\")\n"
                + "         .getOrCreate())\n\n"
                + "ARCHIVE = \"" + ARCHIVE_ROOT + "\"  # the archive root (ship.destination), ending in /\n\n"
                + "SCHEMA = \"\"\"\n" + schema() + "\n\"\"\"\n\n"
                + "events = (spark.read\n"
                + "          .schema(SCHEMA)\n"
                + "          .option(\"basePath\", ARCHIVE)\n"
                + "          .json(ARCHIVE + \"cluster=*/dt=*/\"))\n"
                + "events.createOrReplaceTempView(\"events\")";
    }

    /** The DDL schema: every event column, then the partitions ({@code dt} a DATE). */
    static String schema() {
        Stream<String> columns = EventColumns.ALL.stream()
                .map(c -> SparkTypes.quoted(c.name()) + " " + SparkTypes.of(c.type()));
        Stream<String> partitions = EventColumns.PARTITIONS.stream()
                .map(p -> SparkTypes.quoted(p) + (p.equals("dt") ? " DATE" : " STRING"));
        return Stream.concat(columns, partitions).collect(Collectors.joining(",\n"));
    }
}
