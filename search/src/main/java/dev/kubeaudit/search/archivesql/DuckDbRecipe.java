package dev.kubeaudit.search.archivesql;

import dev.kubeaudit.search.columns.DuckDbTypes;
import dev.kubeaudit.search.columns.EventColumns;
import dev.kubeaudit.search.query.EventsView;
import java.util.stream.Collectors;

/**
 * Renders {@code docs/archive-sql/duckdb.md}: an {@code events} view over a local copy of a
 * hive-layout archive with {@code read_json}, typed from the column list, and the questions in
 * DuckDB SQL. The view's text comes from {@link #view(String)} alone, so that it can be replaced by
 * the one {@code search --sql} creates. Stateless.
 */
public final class DuckDbRecipe {
    static final String FILE = "duckdb.md";
    /** The archive folder in the page's view; a reader (or a test) puts theirs in its place. */
    public static final String ARCHIVE_FOLDER = "archive/";
    /** Bytes of the largest line read: {@code listen.maxRequestBytes}' default, as no event is larger than its request. */
    static final long MAXIMUM_OBJECT_SIZE = 64L * 1024 * 1024;

    private DuckDbRecipe() {
    }

    static String page() {
        return new DocPage("DuckDB")
                .paragraph("An `events` view over a local copy of an archive shipped with `ship.layout: hive`"
                        + " (`aws s3 sync s3://BUCKET/PREFIX/ archive/ --exclude '_integrity/*'`, or a `file:`"
                        + " destination's folder), with the columns of the view `search --sql` queries. The glob names only"
                        + " `cluster=…/dt=…/` folders, so `_integrity/` is never read. `.gz` and `.zst` segments are"
                        + " decompressed by their suffix (zstd through the parquet extension, built into the CLI and"
                        + " the JDBC driver). `requestObject` and `responseObject` are `JSON` values; `->>` reads"
                        + " into them. Filters on `cluster` and `dt` skip whole folders.")
                .code("sql", "duckdb-view", view(ARCHIVE_FOLDER))
                .heading("The same questions with `audit-agent search --sql`")
                .paragraph("`search` builds its own `events` view over the segments its plan keeps (either layout,"
                        + " a folder or S3 through its cache, pruned by `--cluster`, `--node`, `--since`, `--until`)"
                        + " with these columns, in this order: " + EventsView.columns().stream()
                        .map(c -> "`" + c + "`").collect(Collectors.joining(", "))
                        + ". `node` and `segment` (the object key) come from the key, `raw` is the line as archived."
                        + " Every question below runs unchanged as `audit-agent search ARCHIVE --sql \"…\"`; the"
                        + " tests run them both ways and compare the answers with Spark's.")
                .questions(QueryDialect.DUCKDB, "")
                .text();
    }

    /**
     * The {@code CREATE VIEW events} statement over the archive in {@code folder} (ending in /; a
     * SQL literal's content, so its quotes are doubled here).
     */
    public static String view(String folder) {
        String columns = EventColumns.ALL.stream()
                .map(c -> "        '" + c.name() + "': '" + DuckDbTypes.of(c.type()).replace("'", "''") + "'")
                .collect(Collectors.joining(",\n"));
        return "CREATE OR REPLACE VIEW events AS\n"
                + "SELECT * FROM read_json('" + folder.replace("'", "''") + "cluster=*/dt=*/*',\n"
                + "    format = 'newline_delimited',\n"
                + "    columns = {\n" + columns + "\n    },\n"
                + "    hive_partitioning = true,\n"
                + "    hive_types = {'cluster': VARCHAR, 'dt': DATE},\n"
                + "    maximum_object_size = " + MAXIMUM_OBJECT_SIZE + ");";
    }
}
