package dev.kubeaudit.agent.archive;

import dev.kubeaudit.agent.config.AgentConfig;
import java.net.URI;
import java.util.Objects;

/**
 * How an archive in an object store is reached: endpoint override (null = the provider's default,
 * AWS for S3), region, path-style URLs, and how many requests the caller runs at once (an S3
 * archive keeps a connection for each, and as many again for its own HeadObject requests). A folder
 * ignores them. Immutable.
 */
public record ArchiveOptions(URI endpoint, String region, boolean pathStyle, int concurrency) {
    public static final int DEFAULT_CONCURRENCY = 16;
    /** AWS in us-east-1, virtual-hosted URLs, 16 requests at once. */
    public static final ArchiveOptions DEFAULTS = new ArchiveOptions(null, "us-east-1", false, DEFAULT_CONCURRENCY);

    public ArchiveOptions {
        Objects.requireNonNull(region, "region");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region: '" + region + "' (expected: a region name)");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: >= 1)");
        }
    }

    /** The endpoint, region and path style the shipper uses ({@code ship}), with {@code concurrency}. */
    public static ArchiveOptions of(AgentConfig.Ship ship, int concurrency) {
        return new ArchiveOptions(ship.endpoint() == null ? null : URI.create(ship.endpoint()), ship.region(),
                ship.pathStyle(), concurrency);
    }

    public ArchiveOptions withConcurrency(int requests) {
        return new ArchiveOptions(endpoint, region, pathStyle, requests);
    }
}
