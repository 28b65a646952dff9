package dev.kubeaudit.search.columns;

import dev.kubeaudit.search.columns.ColumnType.ListOf;
import dev.kubeaudit.search.columns.ColumnType.MapOf;
import dev.kubeaudit.search.columns.ColumnType.Scalar;
import dev.kubeaudit.search.columns.ColumnType.Struct;
import java.util.stream.Collectors;

/**
 * Column types as Hive DDL spells them, for Athena's {@code CREATE EXTERNAL TABLE}
 * ({@code struct<username:string,…>}). Timestamps stay {@code string}, as the event has them:
 * Kubernetes writes RFC 3339 in UTC with six fraction digits, text that sorts in time order and
 * that {@code from_iso8601_timestamp} reads, so no SerDe timestamp format has to match it. A
 * {@link Scalar#JSON} value is {@code string}, which only the OpenX SerDe fills from an object.
 * Stateless.
 */
public final class HiveTypes {
    private HiveTypes() {
    }

    public static String of(ColumnType type) {
        if (type instanceof Scalar scalar) {
            return switch (scalar) {
                case STRING, TIMESTAMP, JSON -> "string";
                case INT -> "int";
            };
        }
        if (type instanceof ListOf list) {
            return "array<" + of(list.element()) + ">";
        }
        if (type instanceof MapOf map) {
            return "map<string," + of(map.value()) + ">";
        }
        Struct struct = (Struct) type;
        return struct.fields().stream().map(f -> f.name() + ":" + of(f.type()))
                .collect(Collectors.joining(",", "struct<", ">"));
    }

    /** An identifier in backticks, as Hive DDL quotes reserved words such as {@code user}. */
    public static String quoted(String name) {
        return '`' + name + '`';
    }
}
