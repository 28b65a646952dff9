package dev.kubeaudit.search.columns;

import dev.kubeaudit.search.columns.ColumnType.ListOf;
import dev.kubeaudit.search.columns.ColumnType.MapOf;
import dev.kubeaudit.search.columns.ColumnType.Scalar;
import dev.kubeaudit.search.columns.ColumnType.Struct;
import java.util.stream.Collectors;

/**
 * Column types as Trino spells them in a Hive connector {@code CREATE TABLE}
 * ({@code ROW("username" varchar, …)}). Timestamps and JSON values stay {@code varchar}, for the
 * reasons {@link HiveTypes} gives. Stateless.
 */
public final class TrinoTypes {
    private TrinoTypes() {
    }

    public static String of(ColumnType type) {
        if (type instanceof Scalar scalar) {
            return switch (scalar) {
                case STRING, TIMESTAMP, JSON -> "varchar";
                case INT -> "integer";
            };
        }
        if (type instanceof ListOf list) {
            return "array(" + of(list.element()) + ")";
        }
        if (type instanceof MapOf map) {
            return "map(varchar, " + of(map.value()) + ")";
        }
        Struct struct = (Struct) type;
        return struct.fields().stream().map(f -> quoted(f.name()) + " " + of(f.type()))
                .collect(Collectors.joining(", ", "row(", ")"));
    }

    /** An identifier in double quotes, as Trino quotes reserved words such as {@code user}. */
    public static String quoted(String name) {
        return '"' + name + '"';
    }
}
