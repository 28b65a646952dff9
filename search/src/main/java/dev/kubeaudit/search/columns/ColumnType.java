package dev.kubeaudit.search.columns;

import java.util.List;

/**
 * The type of one field of an audit event, independent of any engine; each engine's spelling is
 * rendered from it ({@link DuckDbTypes}, {@link SparkTypes}, {@link HiveTypes}, {@link TrinoTypes}).
 */
public sealed interface ColumnType {

    /** A text, an integer, an RFC 3339 time with a zone, or a JSON value kept as its text. */
    enum Scalar implements ColumnType { STRING, INT, TIMESTAMP, JSON }

    /** A JSON array of {@code element}s. */
    record ListOf(ColumnType element) implements ColumnType {
    }

    /** A JSON object with string keys and {@code value}s of one type (annotations, user extra). */
    record MapOf(ColumnType value) implements ColumnType {
    }

    /** A JSON object with known fields (user, objectRef, responseStatus). */
    record Struct(List<Field> fields) implements ColumnType {
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    /** One field of a {@link Struct}, named as in the event's JSON. */
    record Field(String name, ColumnType type) {
    }
}
