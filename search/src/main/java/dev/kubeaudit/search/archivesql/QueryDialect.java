package dev.kubeaudit.search.archivesql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * How the example questions are spelled for one engine family: the table's name, quoting, the day
 * and time filters and a map lookup. Athena (engine version 3) and Trino share {@link #TRINO}.
 * Only {@code user} needs quoting among our column names; the others are spelled as the event has
 * them, which every engine here matches case-insensitively. Stateless.
 */
public enum QueryDialect {
    /** Athena and Trino: partitions and timestamps are text, read with {@code from_iso8601_timestamp}. */
    TRINO("kube_audit_events"),
    /** Spark SQL over the view the PySpark snippet registers: {@code dt} a DATE, timestamps TIMESTAMP. */
    SPARK("events"),
    /** DuckDB over the {@code events} view: {@code dt} a DATE, timestamps TIMESTAMPTZ. */
    DUCKDB("events");

    private final String table;

    QueryDialect(String table) {
        this.table = table;
    }

    /** The table (or view) the questions read. */
    public String table() {
        return table;
    }

    /** A top-level column, quoted when the engine reserves its name. */
    String column(String name) {
        if (!name.equals("user")) {
            return name;
        }
        return this == SPARK ? "`user`" : "\"user\"";
    }

    /** A field of a struct column. */
    String field(String column, String field) {
        return column(column) + "." + field;
    }

    /**
     * The partitions that can hold events stamped in [since, until): an event under dt=D was written
     * on day D−1 or D (a hive-layout segment spans at most a day and is filed under the day it was
     * rotated), so the last day is until's day plus one.
     */
    String days(Instant since, Instant until) {
        LocalDate first = LocalDate.ofInstant(since, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(until, ZoneOffset.UTC).plus(1, ChronoUnit.DAYS);
        return switch (this) {
            case TRINO -> "dt BETWEEN '" + first + "' AND '" + last + "'";
            case SPARK, DUCKDB -> "dt BETWEEN DATE '" + first + "' AND DATE '" + last + "'";
        };
    }

    /** {@code stageTimestamp} in [since, until). */
    String stageTimeWithin(Instant since, Instant until) {
        String time = this == TRINO ? "from_iso8601_timestamp(stageTimestamp)" : "stageTimestamp";
        return time + " >= " + timeLiteral(since) + " AND " + time + " < " + timeLiteral(until);
    }

    private String timeLiteral(Instant t) {
        return switch (this) {
            case TRINO -> "from_iso8601_timestamp('" + t + "')";
            case SPARK -> "TIMESTAMP '" + t + "'";
            case DUCKDB -> "TIMESTAMPTZ '" + t + "'";
        };
    }

    /** The value of annotation {@code key}, NULL when the event has none. */
    String annotation(String key) {
        return switch (this) {
            case TRINO -> "element_at(annotations, '" + key + "')";
            case SPARK, DUCKDB -> "annotations['" + key + "']";
        };
    }
}
