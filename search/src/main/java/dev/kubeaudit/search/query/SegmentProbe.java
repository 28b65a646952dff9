package dev.kubeaudit.search.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Finds the segment a failed query could not read: reads each file alone, in order, on a
 * connection of its own that does not stream (so DuckDB's message arrives), until one fails.
 * Only after a failure: it reads every segment up to the bad one. Stateless.
 */
final class SegmentProbe {
    private SegmentProbe() {
    }

    /** The first of {@code files} that does not read, as the failure naming its key; empty when all read. */
    static Optional<SegmentException> firstUnreadable(ViewSource source, Path scratch) throws IOException {
        Path extensions = Files.createTempDirectory(scratch, "probe-");
        try (Connection c = DuckDb.connect(extensions, false); Statement s = c.createStatement()) {
            for (SegmentFile f : source.files()) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM read_ndjson_objects(" + EventsView.literal(f.path())
                        + ", maximum_object_size = " + source.maxLineBytes() + ")")) {
                    r.next();
                } catch (SQLException e) {
                    return Optional.of(SegmentException.of(f, e));
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IOException("Opening DuckDB to find the unreadable segment failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(extensions);
        }
    }
}
