package dev.kubeaudit.search.archivesql;

import dev.kubeaudit.search.columns.ColumnType;
import dev.kubeaudit.search.columns.EventColumn;
import dev.kubeaudit.search.columns.EventColumns;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which event columns each Athena and Trino table holds: the Hive JSON SerDe fails a whole query on
 * an object in a {@code string} column, so the typed table leaves the JSON columns out and a second
 * table, read by the OpenX SerDe, holds them beside the keys of an event. Stateless.
 */
final class TableColumns {
    /** The columns that identify one event: a request's id and its stage. */
    static final List<String> EVENT_KEY = List.of("auditID", "stage");

    private TableColumns() {
    }

    /** Every column but the JSON ones, in the list's order. */
    static List<EventColumn> typed() {
        return EventColumns.ALL.stream().filter(c -> c.type() != ColumnType.Scalar.JSON).toList();
    }

    /** The {@link #EVENT_KEY} columns, then the JSON ones. */
    static List<EventColumn> bodies() {
        Stream<EventColumn> keys = EVENT_KEY.stream().map(TableColumns::named);
        Stream<EventColumn> json = EventColumns.ALL.stream().filter(c -> c.type() == ColumnType.Scalar.JSON);
        return Stream.concat(keys, json).toList();
    }

    /** The JSON columns' names, for the prose. */
    static List<String> jsonNames() {
        return EventColumns.ALL.stream().filter(c -> c.type() == ColumnType.Scalar.JSON).map(EventColumn::name).toList();
    }

    /** {@code column}'s description as a Hive DDL string literal (Athena): backslash escapes. */
    static String hiveComment(EventColumn column) {
        return "'" + column.description().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** {@code column}'s description as a Trino string literal: quotes doubled. */
    static String trinoComment(EventColumn column) {
        return "'" + column.description().replace("'", "''") + "'";
    }

    private static EventColumn named(String name) {
        return EventColumns.ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalStateException("column '" + name + "' (expected: one of EventColumns.ALL)"));
    }
}
