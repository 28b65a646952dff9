package dev.kubeaudit.search.query;

/** The SQL given to {@code --sql} is not one SELECT statement, or DuckDB refused it; the message says why. */
public final class QueryRejected extends Exception {
    public QueryRejected(String message, Throwable cause) {
        super(message, cause);
    }
}
