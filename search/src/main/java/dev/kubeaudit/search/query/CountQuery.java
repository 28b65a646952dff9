package dev.kubeaudit.search.query;

import dev.kubeaudit.search.columns.DuckDbTypes;
import dev.kubeaudit.search.output.RowSink;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How many events matching {@code filters} there are per value of {@code keys}: columns the keys'
 * labels then {@code count}, the largest count first (ties by the keys), at most {@code limit}
 * rows (0 = all). Immutable.
 */
public record CountQuery(EventFilters filters, List<CountKey> keys, long limit) {
    public CountQuery {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: none (expected: at least one)");
        }
        if (keys.contains(CountKey.GROUP) && keys.contains(CountKey.SOURCE_IP)) {
            throw new IllegalArgumentException("keys: group and source-ip together (expected: at most one of them,"
                    + " each counts an event once per value)");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
        }
    }

    /** The statement, with {@code where} (this query's filters') as its condition. */
    String sql(Where where) {
        String inner = IntStream.range(0, keys.size())
                .mapToObj(i -> keys.get(i).expression() + " AS " + DuckDbTypes.quoted("k" + i))
                .collect(Collectors.joining(", "));
        String outer = IntStream.range(0, keys.size())
                .mapToObj(i -> DuckDbTypes.quoted("k" + i) + " AS \"" + keys.get(i).label() + "\"")
                .collect(Collectors.joining(", "));
        String ties = IntStream.range(0, keys.size()).mapToObj(i -> DuckDbTypes.quoted("k" + i) + " NULLS LAST")
                .collect(Collectors.joining(", "));
        return "SELECT " + outer + ", count(*) AS count FROM (SELECT " + inner + " FROM " + EventsView.NAME + " WHERE "
                + where.sql() + ") GROUP BY ALL ORDER BY count DESC, " + ties + (limit > 0 ? " LIMIT ?" : "");
    }

    /** Hands the header and each row to {@code sink}; returns the number of rows. */
    public long run(EventDatabase db, RowSink sink) throws IOException {
        Where where = filters.where();
        try (PreparedStatement s = db.connection().prepareStatement(sql(where))) {
            int next = where.bind(s, 1);
            if (limit > 0) {
                s.setLong(next, limit);
            }
            return Rows.copy(s.executeQuery(), sink);
        } catch (SQLException e) {
            throw db.failure("Count", e);
        }
    }
}
