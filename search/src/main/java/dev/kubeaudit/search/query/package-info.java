/** The DuckDB side: a locked-down connection, the events view over local segment files, and the statements a search runs on it. */
package dev.kubeaudit.search.query;
