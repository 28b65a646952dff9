package dev.kubeaudit.search.columns;

import dev.kubeaudit.search.columns.ColumnType.ListOf;
import dev.kubeaudit.search.columns.ColumnType.MapOf;
import dev.kubeaudit.search.columns.ColumnType.Scalar;
import dev.kubeaudit.search.columns.ColumnType.Struct;
import java.util.stream.Collectors;

/** Column types as DuckDB spells them ({@code STRUCT("username" VARCHAR, …)}). Stateless. */
public final class DuckDbTypes {
    private DuckDbTypes() {
    }

    public static String of(ColumnType type) {
        if (type instanceof Scalar scalar) {
            return switch (scalar) {
                case STRING -> "VARCHAR";
                case INT -> "INTEGER";
                case TIMESTAMP -> "TIMESTAMPTZ";
                case JSON -> "JSON";
            };
        }
        if (type instanceof ListOf list) {
            return of(list.element()) + "[]";
        }
        if (type instanceof MapOf map) {
            return "MAP(VARCHAR, " + of(map.value()) + ")";
        }
        Struct struct = (Struct) type;
        return struct.fields().stream().map(f -> quoted(f.name()) + " " + of(f.type()))
                .collect(Collectors.joining(", ", "STRUCT(", ")"));
    }

    /** An identifier in double quotes (every column name of ours is [A-Za-z]+). */
    public static String quoted(String name) {
        return '"' + name + '"';
    }
}
