package dev.kubeaudit.search.columns;

/**
 * One top-level field of an audit.k8s.io/v1 Event as a column: its JSON key (also the column's
 * name), its type and what it holds. Immutable.
 */
public record EventColumn(String name, ColumnType type, String description) {
}
