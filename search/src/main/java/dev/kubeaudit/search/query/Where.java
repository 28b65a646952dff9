package dev.kubeaudit.search.query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** A condition on the events view with its '?' parameters in order ({@code "true"} and none when nothing is asked). Immutable. */
public record Where(String sql, List<Object> params) {
    public Where {
        params = List.copyOf(params);
    }

    /** Binds the parameters from position {@code first}; returns the next free position. */
    public int bind(PreparedStatement s, int first) throws SQLException {
        int at = first;
        for (Object p : params) {
            s.setObject(at++, p);
        }
        return at;
    }
}
