package dev.kubeaudit.shipper.store;

import dev.kubeaudit.agent.config.AgentConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How {@link S3Store} talks to its bucket: endpoint override (null = AWS), region, path-style
 * URLs, integrity checksum, how uploads are confirmed, multipart threshold, and the optional
 * storage class, SSE-KMS key and Object Lock retention (mode null = none; retain until segment
 * time + lockDays). Immutable.
 */
public record S3Settings(String bucket, URI endpoint, String region, boolean pathStyle, AgentConfig.Checksum checksum,
                         AgentConfig.Confirm confirm, long multipartThreshold, String storageClass, String sseKmsKeyId, String lockMode,
                         int lockDays, int maxConnections) {

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(confirm, "confirm");
        if (multipartThreshold < PartPlan.MIN_PART) {
            throw new IllegalArgumentException("multipartThreshold: " + multipartThreshold + " (expected: >= "
                    + PartPlan.MIN_PART + ")");
        }
        if (lockMode != null && lockDays < 1) {
            throw new IllegalArgumentException("lockDays: " + lockDays + " (expected: >= 1 with lock mode " + lockMode + ")");
        }
    }

    /** The settings for {@code ship} and bucket {@code bucket}. */
    public static S3Settings of(AgentConfig.Ship ship, String bucket) {
        return new S3Settings(bucket, ship.endpoint() == null ? null : URI.create(ship.endpoint()), ship.region(),
                ship.pathStyle(), ship.checksum(), ship.confirm(), ship.multipartThreshold(), ship.storageClass(),
                ship.sseKmsKeyId(), ship.objectLock().mode(), ship.objectLock().days(), ship.concurrency() + 2);
    }

    /** When the Object Lock retention of a segment of time {@code segmentTime} ends. */
    Instant retainUntil(Instant segmentTime) {
        return segmentTime.plus(Duration.ofDays(lockDays));
    }
}
