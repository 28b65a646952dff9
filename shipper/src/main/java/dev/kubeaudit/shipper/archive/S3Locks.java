package dev.kubeaudit.shipper.archive;

import dev.kubeaudit.agent.archive.BucketLock;
import dev.kubeaudit.agent.archive.Lock;
import java.io.IOException;
import java.time.Period;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Object Lock as S3 reports it, read into the archive's records: a version's lock from its
 * HeadObject headers (a missing header is unknown), the bucket's from GetObjectLockConfiguration.
 * Pure apart from the one request of {@link #bucket}.
 */
final class S3Locks {
    /** The error code S3 answers when a bucket has no Object Lock configuration. */
    static final String NOT_CONFIGURED = "ObjectLockConfigurationNotFoundError";
    /** The reason of an unknown bucket lock when a store answered 200 without a configuration. */
    static final String NO_CONFIGURATION = "200 without ObjectLockEnabled";

    private S3Locks() {
    }

    /** The lock of the version that answered {@code head}. */
    static Lock of(HeadObjectResponse head) {
        return new Lock(mode(head.objectLockMode()), head.objectLockRetainUntilDate(),
                legalHold(head.objectLockLegalHoldStatus()));
    }

    private static Lock.Mode mode(ObjectLockMode mode) {
        if (mode == ObjectLockMode.GOVERNANCE) {
            return Lock.Mode.GOVERNANCE;
        }
        return mode == ObjectLockMode.COMPLIANCE ? Lock.Mode.COMPLIANCE : Lock.Mode.UNKNOWN;
    }

    private static Lock.Mode mode(ObjectLockRetentionMode mode) {
        if (mode == ObjectLockRetentionMode.GOVERNANCE) {
            return Lock.Mode.GOVERNANCE;
        }
        return mode == ObjectLockRetentionMode.COMPLIANCE ? Lock.Mode.COMPLIANCE : Lock.Mode.UNKNOWN;
    }

    private static Lock.LegalHold legalHold(ObjectLockLegalHoldStatus status) {
        if (status == ObjectLockLegalHoldStatus.ON) {
            return Lock.LegalHold.ON;
        }
        return status == ObjectLockLegalHoldStatus.OFF ? Lock.LegalHold.OFF : Lock.LegalHold.UNKNOWN;
    }

    /**
     * The bucket's Object Lock configuration: {@code NONE} when the store answers that there is
     * none ({@value #NOT_CONFIGURED}), {@code UNKNOWN} with the status when it refuses (no
     * {@code s3:GetBucketObjectLockConfiguration}, a store that does not implement it) or when it
     * answers 200 without {@code ObjectLockEnabled} (a store that ignores the {@code ?object-lock} query).
     *
     * @throws IOException when the store cannot be reached
     */
    static BucketLock bucket(S3Client client, S3Location location) throws IOException {
        ObjectLockConfiguration configuration;
        try {
            configuration = client.getObjectLockConfiguration(b -> b.bucket(location.bucket())).objectLockConfiguration();
        } catch (S3Exception e) {
            return NOT_CONFIGURED.equals(S3Failures.code(e)) ? BucketLock.NONE : BucketLock.unknown(S3Failures.status(e));
        } catch (SdkException e) {
            throw S3Failures.failed("GetObjectLockConfiguration", location.bucket(), location, e);
        }
        if (configuration == null || configuration.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
            return BucketLock.unknown(NO_CONFIGURATION); // S3 answers "none" with an error, never with 200
        }
        DefaultRetention retention = configuration.rule() == null ? null : configuration.rule().defaultRetention();
        if (retention == null) {
            return BucketLock.enabled(null, null);
        }
        Period period = retention.years() != null ? Period.ofYears(retention.years())
                : retention.days() != null ? Period.ofDays(retention.days()) : null;
        return BucketLock.enabled(mode(retention.mode()), period);
    }
}
