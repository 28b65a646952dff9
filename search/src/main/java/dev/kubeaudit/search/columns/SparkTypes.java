package dev.kubeaudit.search.columns;

import dev.kubeaudit.search.columns.ColumnType.ListOf;
import dev.kubeaudit.search.columns.ColumnType.MapOf;
import dev.kubeaudit.search.columns.ColumnType.Scalar;
import dev.kubeaudit.search.columns.ColumnType.Struct;
import java.util.stream.Collectors;

/**
 * Column types as a Spark DDL schema spells them ({@code STRUCT<`username`: STRING, …>}), for
 * {@code spark.read.schema(ddl).json(…)}. A {@link Scalar#JSON} value is {@code STRING}: Spark's
 * JSON reader keeps an object's JSON text there. Maps stay maps (inference would make
 * {@code annotations} a struct with dotted field names). Stateless.
 */
public final class SparkTypes {
    private SparkTypes() {
    }

    public static String of(ColumnType type) {
        if (type instanceof Scalar scalar) {
            return switch (scalar) {
                case STRING, JSON -> "STRING";
                case INT -> "INT";
                case TIMESTAMP -> "TIMESTAMP";
            };
        }
        if (type instanceof ListOf list) {
            return "ARRAY<" + of(list.element()) + ">";
        }
        if (type instanceof MapOf map) {
            return "MAP<STRING, " + of(map.value()) + ">";
        }
        Struct struct = (Struct) type;
        return struct.fields().stream().map(f -> quoted(f.name()) + ": " + of(f.type()))
                .collect(Collectors.joining(", ", "STRUCT<", ">"));
    }

    /** An identifier in backticks ({@code user} is a function name in Spark SQL). */
    public static String quoted(String name) {
        return '`' + name + '`';
    }
}
