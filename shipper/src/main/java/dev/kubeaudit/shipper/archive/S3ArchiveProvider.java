package dev.kubeaudit.shipper.archive;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.ArchiveProvider;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code s3://<bucket>[/<prefix>]} archives as the agent finds them through ServiceLoader; S3
 * credentials from the AWS SDK's default chain (environment, profile, instance role), like the
 * shipper's; {@link #probe} reaches the bucket once, for check-config. Stateless; thread-safe.
 */
public final class S3ArchiveProvider implements ArchiveProvider {

    @Override
    public boolean handles(String location) {
        return location.startsWith("s3://");
    }

    @Override
    public Archive open(String location, ArchiveOptions options) throws IOException {
        try {
            return new S3Archive(location, options);
        } catch (IllegalArgumentException e) {
            throw new IOException("Archive '" + location + "': " + e.getMessage(), e);
        }
    }

    /** One HeadBucket of the location's bucket, as {@link BucketProbe} describes. */
    @Override
    public String probe(String location, ArchiveOptions options, Duration timeout) throws IOException {
        S3Location parsed;
        try {
            parsed = S3Location.parse(location);
        } catch (IllegalArgumentException e) {
            throw new IOException("Archive '" + location + "': " + e.getMessage(), e);
        }
        return BucketProbe.headBucket(parsed, options, timeout);
    }
}
