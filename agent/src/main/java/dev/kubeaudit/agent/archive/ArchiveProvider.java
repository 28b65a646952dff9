package dev.kubeaudit.agent.archive;

import java.io.IOException;
import java.time.Duration;

/**
 * Opens archives in an object store. Registered through
 * {@code META-INF/services/dev.kubeaudit.agent.archive.ArchiveProvider} by the shipper module
 * ({@code s3://}), so that this module needs no store SDK; found by {@link Archives#open}.
 */
public interface ArchiveProvider {

    /** True when {@code location} is in this provider's form, e.g. {@code s3://bucket/prefix}. */
    boolean handles(String location);

    /** The archive at {@code location}, which {@link #handles} accepted. */
    Archive open(String location, ArchiveOptions options) throws IOException;

    /**
     * Reaches the store at {@code location} ({@link #handles} accepted it) as the shipper would, with
     * {@code options} and the provider's credentials, giving up after {@code timeout}: for S3 one
     * HeadBucket. Returns what answered, e.g. "HeadBucket of 'b' at http://127.0.0.1:9000: 200".
     *
     * @throws IOException saying what the store answered (status and error code) or why it could not be
     *     reached (connection refused, no answer in time), naming the endpoint
     */
    String probe(String location, ArchiveOptions options, Duration timeout) throws IOException;
}
