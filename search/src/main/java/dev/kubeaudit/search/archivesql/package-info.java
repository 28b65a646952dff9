/**
 * The table definitions and example questions of {@code docs/archive-sql/} (Athena, Trino, Spark,
 * DuckDB), rendered from the one column list; {@link dev.kubeaudit.search.archivesql.ArchiveSqlDocs}
 * writes them.
 */
package dev.kubeaudit.search.archivesql;
