package dev.kubeaudit.search.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.search.output.RowSink;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A query of the user's over the events view ({@code --sql}). It must be exactly one SELECT
 * statement, as DuckDB's own parser reads it ({@code json_serialize_sql} serializes nothing else):
 * DuckDB's JDBC driver runs every statement of a string, and the file access the view needs would
 * let a COPY write over a segment. When it fails while running, the segments are read once more:
 * if they fail too the failure is theirs, else the query's. Immutable.
 */
public record SqlQuery(String sql) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Hands the header and each row to {@code sink}; returns the number of rows. */
    public long run(EventDatabase db, RowSink sink) throws IOException, QueryRejected {
        requireOneSelect(db);
        PreparedStatement s;
        try {
            s = db.connection().prepareStatement(sql);
        } catch (SQLException e) {
            throw rejected(e);
        }
        try (s) {
            return Rows.copy(s.executeQuery(), sink);
        } catch (SQLException e) {
            Optional<SegmentException> segments = db.unreadableSegment();
            if (segments.isPresent()) {
                throw segments.get();
            }
            throw rejected(e);
        }
    }

    private void requireOneSelect(EventDatabase db) throws IOException, QueryRejected {
        JsonNode parsed;
        try (PreparedStatement s = db.connection().prepareStatement("SELECT json_serialize_sql(?)")) {
            s.setString(1, sql);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                parsed = MAPPER.readTree(r.getString(1));
            }
        } catch (SQLException e) {
            throw new IOException("Parsing the query with json_serialize_sql failed: " + e.getMessage(), e);
        }
        if (parsed.path("error").asBoolean(true)) {
            throw new QueryRejected(parsed.path("error_message").asText("it does not parse")
                    + " (expected: one SELECT statement over the view events)", null);
        }
        if (parsed.path("statements").size() != 1) {
            throw new QueryRejected(parsed.path("statements").size() + " statements (expected: one SELECT statement)", null);
        }
    }

    private static QueryRejected rejected(SQLException e) {
        return new QueryRejected(DuckDb.firstLine(e), e);
    }
}
