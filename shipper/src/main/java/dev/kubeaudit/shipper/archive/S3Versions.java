package dev.kubeaudit.shipper.archive;

import dev.kubeaudit.agent.archive.BucketLock;
import dev.kubeaudit.agent.archive.Lock;
import dev.kubeaudit.agent.archive.ObjectVersion;
import dev.kubeaudit.agent.archive.Versions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads what a versioned bucket keeps under an archive prefix: GetBucketVersioning (no status, or
 * a store that does not implement it: no versions), GetObjectLockConfiguration, ListObjectVersions
 * paged with NextKeyMarker + NextVersionIdMarker while IsTruncated, and a HeadObject per version
 * (not per delete marker) for its lock, run on {@code heads}. Versions of a key are ordered latest
 * first, then by LastModified, newest first. Thread-safe: the client is.
 */
final class S3Versions {
    private static final Comparator<ObjectVersion> ORDER = Comparator.comparing(ObjectVersion::key)
            .thenComparing(ObjectVersion::latest, Comparator.reverseOrder())
            .thenComparing(ObjectVersion::lastModified, Comparator.reverseOrder());

    private final S3Client client;
    private final S3Location location;
    private final int pageSize;
    private final ExecutorService heads;

    S3Versions(S3Client client, S3Location location, int pageSize, ExecutorService heads) {
        this.client = client;
        this.location = location;
        this.pageSize = pageSize;
        this.heads = heads;
    }

    Optional<Versions> read(String prefix) throws IOException {
        Optional<Versions.Versioning> versioning = versioning();
        if (versioning.isEmpty()) {
            return Optional.empty();
        }
        BucketLock bucketLock = S3Locks.bucket(client, location);
        List<ObjectVersion> versions = withLocks(list(prefix));
        versions.sort(ORDER);
        return Optional.of(new Versions(versioning.get(), bucketLock, versions));
    }

    private Optional<Versions.Versioning> versioning() throws IOException {
        BucketVersioningStatus status;
        try {
            status = client.getBucketVersioning(b -> b.bucket(location.bucket())).status();
        } catch (SdkException e) {
            if (S3Failures.notImplemented(e)) {
                return Optional.empty();
            }
            throw S3Failures.failed("GetBucketVersioning", location.bucket(), location, e);
        }
        if (status == null) {
            return Optional.empty();
        }
        return switch (status) {
            case ENABLED -> Optional.of(Versions.Versioning.ENABLED);
            case SUSPENDED -> Optional.of(Versions.Versioning.SUSPENDED);
            default -> throw new IOException("GetBucketVersioning of " + location + " answered an unknown status");
        };
    }

    /** Every version and delete marker, locks not read yet (null). */
    private List<Listed> list(String prefix) throws IOException {
        List<Listed> listed = new ArrayList<>();
        String keyMarker = null;
        String versionIdMarker = null;
        while (true) {
            ListObjectVersionsResponse page = page(prefix, keyMarker, versionIdMarker);
            for (software.amazon.awssdk.services.s3.model.ObjectVersion v : page.versions()) {
                listed.add(new Listed(location.key(v.key()), versionId(v.versionId()), Boolean.TRUE.equals(v.isLatest()),
                        false, v.size() == null ? 0 : v.size(), v.lastModified()));
            }
            for (DeleteMarkerEntry m : page.deleteMarkers()) {
                listed.add(new Listed(location.key(m.key()), versionId(m.versionId()), Boolean.TRUE.equals(m.isLatest()),
                        true, 0, m.lastModified()));
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return listed;
            }
            if (page.nextKeyMarker() == null || Objects.equals(page.nextKeyMarker(), keyMarker)
                    && Objects.equals(page.nextVersionIdMarker(), versionIdMarker)) {
                throw new IOException("ListObjectVersions of '" + prefix + "' in " + location
                        + " was truncated without new markers (key marker " + page.nextKeyMarker() + ")");
            }
            keyMarker = page.nextKeyMarker();
            versionIdMarker = page.nextVersionIdMarker();
        }
    }

    /** S3 names the version of an object written before versioning "null"; a store that leaves it out means the same. */
    private static String versionId(String id) {
        return id == null ? "null" : id;
    }

    private ListObjectVersionsResponse page(String prefix, String keyMarker, String versionIdMarker) throws IOException {
        try {
            return client.listObjectVersions(b -> b.bucket(location.bucket()).prefix(location.s3Key(prefix))
                    .maxKeys(pageSize).keyMarker(keyMarker).versionIdMarker(versionIdMarker));
        } catch (SdkException e) {
            throw S3Failures.failed("ListObjectVersions", prefix, location, e);
        }
    }

    private List<ObjectVersion> withLocks(List<Listed> listed) throws IOException {
        List<Future<Lock>> locks = new ArrayList<>(listed.size());
        for (Listed v : listed) {
            locks.add(v.deleteMarker() ? null : heads.submit(() -> lock(v)));
        }
        try {
            List<ObjectVersion> versions = new ArrayList<>(listed.size());
            for (int i = 0; i < listed.size(); i++) {
                versions.add(listed.get(i).with(locks.get(i) == null ? null : locks.get(i).get()));
            }
            return versions;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("HeadObject in " + location
                    + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while reading the locks of versions in " + location);
        } finally {
            locks.forEach(f -> {
                if (f != null) {
                    f.cancel(true);
                }
            });
        }
    }

    /** The lock HeadObject reports for the version; unknown when HEAD is refused (403). */
    private Lock lock(Listed v) throws IOException {
        try {
            return S3Locks.of(client.headObject(b -> b.bucket(location.bucket()).key(location.s3Key(v.key()))
                    .versionId(v.versionId())));
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                return Lock.UNKNOWN;
            }
            throw S3Failures.failed("HeadObject (version " + v.versionId() + ")", v.key(), location, e);
        } catch (SdkException e) {
            throw S3Failures.failed("HeadObject (version " + v.versionId() + ")", v.key(), location, e);
        }
    }

    /** A listed version or delete marker before its lock is known. */
    private record Listed(String key, String versionId, boolean latest, boolean deleteMarker, long size,
                          Instant lastModified) {
        ObjectVersion with(Lock lock) {
            return new ObjectVersion(key, versionId, latest, deleteMarker, size, lastModified, lock);
        }
    }
}
