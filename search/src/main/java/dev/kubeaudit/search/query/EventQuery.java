package dev.kubeaudit.search.query;

import dev.kubeaudit.search.output.EventSink;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/** The events matching {@code filters}, in {@code order}, at most {@code limit} (0 = all). Immutable. */
public record EventQuery(EventFilters filters, Order order, long limit) {

    /** How many events were printed, and whether more matched than the limit let through. */
    public record Outcome(long events, boolean limitReached) {
    }

    public EventQuery {
        Objects.requireNonNull(filters, "filters");
        Objects.requireNonNull(order, "order");
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
        }
    }

    /** The statement, with {@code where} (this query's filters') as its condition. */
    String sql(Where where) {
        return "SELECT raw FROM " + EventsView.NAME + " WHERE " + where.sql() + " ORDER BY " + order.orderBy()
                + (limit > 0 ? " LIMIT ?" : "");
    }

    /** Hands each event's line to {@code sink}. */
    public Outcome run(EventDatabase db, EventSink sink) throws IOException {
        Where where = filters.where();
        try (PreparedStatement s = db.connection().prepareStatement(sql(where))) {
            int next = where.bind(s, 1);
            if (limit > 0) {
                s.setLong(next, limit + 1);
            }
            long events = 0;
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    if (limit > 0 && events == limit) {
                        return new Outcome(events, true);
                    }
                    sink.event(rows.getString(1));
                    events++;
                }
            }
            return new Outcome(events, false);
        } catch (SQLException e) {
            throw db.failure("Search", e);
        }
    }
}
