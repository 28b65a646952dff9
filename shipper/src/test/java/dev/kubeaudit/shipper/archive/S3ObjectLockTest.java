package dev.kubeaudit.shipper.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.BucketLock;
import dev.kubeaudit.agent.archive.Lock;
import dev.kubeaudit.agent.archive.ObjectVersion;
import dev.kubeaudit.agent.archive.Versions;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.shipper.testing.ObjectLockS3Server;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Object Lock read back from a versioned bucket that reports it ({@link ObjectLockS3Server}, as
 * neither s3proxy nor LocalS3 implements Object Lock): each version's lock from its HeadObject
 * headers, a missing header read as unknown, and the bucket's default lock classified by status and
 * error code.
 */
class S3ObjectLockTest {
    static final Instant T0 = Instant.parse("2026-11-27T03:16:01Z");
    static final Instant UNTIL = Instant.parse("2027-11-27T03:16:01Z");

    ObjectLockS3Server server;

    @BeforeEach
    void start() throws IOException {
        server = ObjectLockS3Server.start("locked");
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        Await.awaitUntil(Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("archive-s3-head")), "HeadObject threads stopped");
    }

    @Test
    void readsTheLockOfEveryVersionAndUnknownWhereAHeaderIsMissing() throws IOException {
        server.version("p/c1/a.log", "a1", 10, T0, Map.of("x-amz-object-lock-mode", "COMPLIANCE",
                "x-amz-object-lock-retain-until-date", "2027-11-27T03:16:01.000Z", "x-amz-object-lock-legal-hold", "OFF"));
        server.version("p/c1/a.log", "a2", 11, T0.plusSeconds(60), Map.of("x-amz-object-lock-mode", "GOVERNANCE",
                "x-amz-object-lock-retain-until-date", "2027-11-27T03:16:01.000Z"));
        server.version("p/c1/b.log", "b1", 12, T0, Map.of());
        server.deleteMarker("p/c1/b.log", "b2", T0.plusSeconds(120));
        server.version("p/c1/c.log", "c1", 13, T0, Map.of("x-amz-object-lock-legal-hold", "ON"));
        server.version("p/c1/d.log", "d1", 14, T0, Map.of("x-amz-object-lock-mode", "COMPLIANCE"));
        server.headAnswers("d1", 403);
        server.version("q/c1/e.log", "e1", 15, T0, Map.of());
        server.lockConfigurationAnswers(200, "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                + "<Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Days>365</Days></DefaultRetention></Rule>"
                + "</ObjectLockConfiguration>");

        Versions versions = read("s3://locked/p", 2);

        assertThat(versions.versioning()).isEqualTo(Versions.Versioning.ENABLED);
        assertThat(versions.bucketLock()).isEqualTo(BucketLock.enabled(Lock.Mode.COMPLIANCE, Period.ofDays(365)));
        assertThat(versions.versions()).extracting(ObjectVersion::key, ObjectVersion::versionId, ObjectVersion::lock)
                .containsExactly(
                        tuple("c1/a.log", "a2", new Lock(Lock.Mode.GOVERNANCE, UNTIL, Lock.LegalHold.UNKNOWN)),
                        tuple("c1/a.log", "a1", new Lock(Lock.Mode.COMPLIANCE, UNTIL, Lock.LegalHold.OFF)),
                        tuple("c1/b.log", "b2", null),
                        tuple("c1/b.log", "b1", Lock.UNKNOWN),
                        tuple("c1/c.log", "c1", new Lock(Lock.Mode.UNKNOWN, null, Lock.LegalHold.ON)),
                        tuple("c1/d.log", "d1", Lock.UNKNOWN));
        assertThat(versions.versions()).extracting(ObjectVersion::latest)
                .containsExactly(true, false, true, false, true, true);
        assertThat(server.queries()).filteredOn(q -> q.contains("versions")).as("3 pages of 2").hasSize(3);
    }

    @Test
    void aRetentionOrHoldProvesAVersionLockedOnlyWhileItHolds() {
        Lock compliance = new Lock(Lock.Mode.COMPLIANCE, UNTIL, Lock.LegalHold.UNKNOWN);
        assertThat(compliance.provenLockedAt(UNTIL.minusSeconds(1))).isTrue();
        assertThat(compliance.provenLockedAt(UNTIL)).isFalse();
        assertThat(new Lock(Lock.Mode.UNKNOWN, UNTIL, Lock.LegalHold.OFF).provenLockedAt(T0)).isFalse();
        assertThat(new Lock(Lock.Mode.UNKNOWN, null, Lock.LegalHold.ON).provenLockedAt(UNTIL.plusSeconds(1))).isTrue();
        assertThat(Lock.UNKNOWN.provenLockedAt(T0)).isFalse();
    }

    static Stream<Arguments> bucketLockAnswers() {
        return Stream.of(
                Arguments.of(404, "<Error><Code>ObjectLockConfigurationNotFoundError</Code><Message>No config</Message></Error>",
                        BucketLock.NONE),
                Arguments.of(403, "<Error><Code>AccessDenied</Code><Message>ObjectLockConfigurationNotFoundError</Message></Error>",
                        BucketLock.unknown("403 AccessDenied")),
                Arguments.of(501, "<Error><Code>NotImplemented</Code><Message>no</Message></Error>",
                        BucketLock.unknown("501 NotImplemented")),
                Arguments.of(200, "<ListBucketResult><Name>locked</Name></ListBucketResult>",
                        BucketLock.unknown(S3Locks.NO_CONFIGURATION)),
                Arguments.of(200, "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>",
                        BucketLock.enabled(null, null)),
                Arguments.of(200, "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention>"
                        + "<Mode>GOVERNANCE</Mode><Years>7</Years></DefaultRetention></Rule></ObjectLockConfiguration>",
                        BucketLock.enabled(Lock.Mode.GOVERNANCE, Period.ofYears(7))));
    }

    @ParameterizedTest
    @MethodSource("bucketLockAnswers")
    void classifiesTheBucketLockByStatusAndErrorCodeNeverByMessage(int status, String xml, BucketLock expected)
            throws IOException {
        server.lockConfigurationAnswers(status, xml);
        assertThat(read("s3://locked", S3Archive.PAGE_SIZE).bucketLock()).isEqualTo(expected);
    }

    @Test
    void aFailedHeadNamesTheKeyAndVersion() {
        server.version("c1/a.log", "a1", 10, T0, Map.of());
        server.headAnswers("a1", 400);
        assertThatThrownBy(() -> read("s3://locked", S3Archive.PAGE_SIZE)).isInstanceOf(IOException.class)
                .hasMessageContaining("HeadObject (version a1) of 'c1/a.log' in s3://locked failed: 400");
    }

    @Test
    void aListingTruncatedWithoutMarkersFailsInsteadOfLoopingOrStoppingShort() {
        server.version("c1/a.log", "a1", 10, T0, Map.of());
        server.version("c1/b.log", "b1", 10, T0, Map.of());
        server.pageWithoutMarkers();
        assertThatThrownBy(() -> read("s3://locked", 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated without new markers");
    }

    private Versions read(String location, int pageSize) throws IOException {
        try (S3Archive archive = new S3Archive(S3Location.parse(location), new ArchiveOptions(server.endpoint(),
                "us-east-1", true, 4), null, pageSize)) {
            return archive.versions("c1/").orElseThrow();
        }
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

}
