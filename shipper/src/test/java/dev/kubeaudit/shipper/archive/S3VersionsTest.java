package dev.kubeaudit.shipper.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.BucketLock;
import dev.kubeaudit.agent.archive.Lock;
import dev.kubeaudit.agent.archive.ObjectVersion;
import dev.kubeaudit.agent.archive.Versions;
import dev.kubeaudit.shipper.testing.LocalS3Server;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Versions and delete markers read back from a versioned bucket of LocalS3 on 127.0.0.1, which
 * keeps versions and delete markers but implements no Object Lock: it sends no lock headers (every
 * lock is unknown) and takes GetObjectLockConfiguration for ListObjects (200 without a configuration: unknown).
 */
class S3VersionsTest {
    static LocalS3Server localS3;

    @BeforeAll
    static void startServer() throws IOException {
        localS3 = LocalS3Server.start();
    }

    @AfterAll
    static void stopServer() {
        localS3.close();
    }

    @Test
    void readsEveryVersionAndDeleteMarkerUnderThePrefixAcrossPages() throws IOException {
        S3Client s3 = bucket("versioned", BucketVersioningStatus.ENABLED);
        put(s3, "versioned", "p/c1/a.log", "first");
        put(s3, "versioned", "p/c1/a.log", "second!");
        put(s3, "versioned", "p/c1/b.log", "bb");
        s3.deleteObject(b -> b.bucket("versioned").key("p/c1/b.log"));
        put(s3, "versioned", "p/c1/c.log", "ccc");
        put(s3, "versioned", "px/c1/beside.log", "d");

        assertThat(s3.listObjectVersions(b -> b.bucket("versioned").prefix("p/c1/").maxKeys(2)).isTruncated())
                .as("the store pages at 2, so the archive must follow its markers").isTrue();
        Versions versions;
        try (Archive archive = archive("s3://versioned/p", 2)) {
            versions = archive.versions("c1/").orElseThrow();
        }

        assertThat(versions.versioning()).isEqualTo(Versions.Versioning.ENABLED);
        assertThat(versions.bucketLock()).isEqualTo(BucketLock.unknown(S3Locks.NO_CONFIGURATION));
        Map<String, List<ObjectVersion>> byKey = versions.byKey();
        assertThat(byKey.keySet()).containsExactly("c1/a.log", "c1/b.log", "c1/c.log");
        assertThat(byKey.get("c1/a.log")).extracting(ObjectVersion::latest, ObjectVersion::deleteMarker,
                ObjectVersion::size).containsExactly(tuple(true, false, 7L), tuple(false, false, 5L));
        assertThat(byKey.get("c1/b.log")).extracting(ObjectVersion::latest, ObjectVersion::deleteMarker,
                ObjectVersion::size).containsExactly(tuple(true, true, 0L), tuple(false, false, 2L));
        assertThat(byKey.get("c1/b.log").get(0).lock()).as("a delete marker has no lock").isNull();
        assertThat(versions.versions()).filteredOn(v -> !v.deleteMarker()).extracting(ObjectVersion::lock)
                .as("no lock headers: unknown, not unlocked").containsOnly(Lock.UNKNOWN);
        assertThat(versions.versions()).extracting(ObjectVersion::versionId).doesNotHaveDuplicates();
    }

    @Test
    void aSuspendedBucketStillShowsTheVersionsItKept() throws IOException {
        S3Client s3 = bucket("suspended", BucketVersioningStatus.ENABLED);
        put(s3, "suspended", "a.log", "1");
        put(s3, "suspended", "a.log", "22");
        s3.putBucketVersioning(b -> b.bucket("suspended").versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        try (Archive archive = archive("s3://suspended", S3Archive.PAGE_SIZE)) {
            Versions versions = archive.versions("").orElseThrow();
            assertThat(versions.versioning()).isEqualTo(Versions.Versioning.SUSPENDED);
            assertThat(versions.versions()).extracting(ObjectVersion::size).containsExactly(2L, 1L);
        }
    }

    private static S3Client bucket(String name, BucketVersioningStatus status) {
        S3Client s3 = localS3.client();
        s3.createBucket(b -> b.bucket(name));
        s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status(status)));
        return s3;
    }

    private static void put(S3Client s3, String bucket, String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private static Archive archive(String location, int pageSize) {
        return new S3Archive(S3Location.parse(location), new ArchiveOptions(localS3.endpoint(), "us-east-1", true,
                ArchiveOptions.DEFAULT_CONCURRENCY), null, pageSize);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
