package dev.kubeaudit.search.archivesql;

import java.util.List;

/**
 * The partition projection Athena and Trino share over the hive layout
 * ({@code cluster=<cluster>/dt=<yyyy-MM-dd>/}): the placeholders a reader replaces (archive root,
 * cluster names, first day) and the fixed parts. Constants only.
 */
final class Projection {
    /** The archive root, {@code ship.destination} with a trailing slash. */
    static final String ARCHIVE_ROOT = "s3://BUCKET/PREFIX/";
    static final String LOCATION_TEMPLATE = ARCHIVE_ROOT + "cluster=${cluster}/dt=${dt}/";
    static final List<String> CLUSTERS = List.of("prod", "staging");
    /** The first day of the archive; the last is NOW (UTC, today). */
    static final String FIRST_DAY = "2026-01-01";
    static final String DAY_FORMAT = "yyyy-MM-dd";

    private Projection() {
    }
}
