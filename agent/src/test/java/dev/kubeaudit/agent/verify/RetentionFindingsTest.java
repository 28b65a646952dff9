package dev.kubeaudit.agent.verify;

import static dev.kubeaudit.agent.verify.Runs.brief;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.BucketLock;
import dev.kubeaudit.agent.archive.FileArchive;
import dev.kubeaudit.agent.archive.Lock;
import dev.kubeaudit.agent.archive.Versions;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.verify.ArchiveFixture.Written;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions and Object Lock of a versioned store: delete markers, overwrites, retention short, weak or unknown. */
class RetentionFindingsTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final Instant year = Instant.parse("2027-06-01T00:00:00Z");
    ArchiveFixture f;
    VersionedFolder store;

    @BeforeEach
    void archive() throws Exception {
        f = ArchiveFixture.random(dir, 21, Runs.KEY, clock);
        store = new VersionedFolder(dir).locks(o -> new Lock(Lock.Mode.COMPLIANCE, year, Lock.LegalHold.OFF));
    }

    private VerifyReport verify(ExpectedRetention expected) throws Exception {
        return Runs.verify(store, clock, Runs.options(Runs.KEY).withExpectedRetention(expected), VerifierState.EMPTY);
    }

    private static ExpectedRetention compliance(int days) {
        return new ExpectedRetention(Lock.Mode.COMPLIANCE, days);
    }

    @Test
    void everyObjectLockedLongEnoughIsClean() throws Exception {
        VerifyReport report = verify(compliance(365));
        assertThat(brief(report)).as(Runs.text(report)).isEmpty();
        assertThat(report.nodes().get(0).retention()).isEqualTo("versions and retention audited");
    }

    @Test
    void aWeakerModeOrAnEarlierRetainUntilIsARetentionFailure() throws Exception {
        Written weak = f.record(1);
        Written shorter = f.record(2);
        store.locks(o -> o.key().equals(weak.segmentKey()) ? new Lock(Lock.Mode.GOVERNANCE, year, Lock.LegalHold.OFF)
                : o.key().equals(shorter.manifestKey())
                ? new Lock(Lock.Mode.COMPLIANCE, shorter.manifest().sealed().plus(Duration.ofDays(364)),
                Lock.LegalHold.OFF)
                : new Lock(Lock.Mode.COMPLIANCE, year, Lock.LegalHold.OFF));
        assertThat(brief(verify(compliance(365)))).containsExactlyInAnyOrder(
                brief(FindingType.RETENTION, Severity.FAILURE, null, weak.segmentKey()),
                brief(FindingType.RETENTION, Severity.FAILURE, null, shorter.manifestKey()));
        assertThat(brief(verify(new ExpectedRetention(Lock.Mode.GOVERNANCE, 30)))).isEmpty();
    }

    @Test
    void aLockTheStoreDoesNotReportIsUnknownNotUnlocked() throws Exception {
        Written unknown = f.record(3);
        store.locks(o -> o.key().equals(unknown.segmentKey()) ? Lock.UNKNOWN
                : new Lock(Lock.Mode.COMPLIANCE, year, Lock.LegalHold.OFF));
        VerifyReport report = verify(compliance(365));
        assertThat(brief(report)).containsExactly(
                brief(FindingType.RETENTION, Severity.INCOMPLETE, null, unknown.segmentKey()));
        assertThat(report.exitCode()).isEqualTo(2);
    }

    @Test
    void noLockOnAnyVersionWhileVersioningIsOnIsAStoreIgnoringLocks() throws Exception {
        store.locks(o -> Lock.UNKNOWN);
        VerifyReport claimed = verify(compliance(365));
        assertThat(brief(claimed)).containsExactly(brief(FindingType.LOCK_IGNORED, Severity.FAILURE, null));
        store.bucketLock(BucketLock.unknown("AccessDenied"));
        assertThat(brief(verify(compliance(365)))).containsExactly(
                brief(FindingType.LOCK_IGNORED, Severity.INCOMPLETE, null));
        assertThat(brief(verify(null))).as("no retention expected, nothing to say").isEmpty();
    }

    @Test
    void aDeleteMarkerHidingASegmentIsAFailureBesideItsMissingSegment() throws Exception {
        Written deleted = f.record(2);
        Written restored = f.record(4);
        f.delete(deleted.segmentKey());
        store.deleteMarker(deleted.segmentKey(), true, clock.instant())
                .olderVersion(deleted.segmentKey(), deleted.manifest().segmentTime())
                .deleteMarker(restored.segmentKey(), false, clock.instant());
        assertThat(brief(verify(null))).containsExactly(
                brief(FindingType.MISSING, Severity.FAILURE, deleted.seq(), deleted.segmentKey(), deleted.manifestKey()),
                brief(FindingType.DELETE_MARKER, Severity.FAILURE, null, deleted.segmentKey()),
                brief(FindingType.DELETE_MARKER, Severity.WARNING, null, restored.segmentKey()));
    }

    @Test
    void anOverwrittenKeyHasAnExtraVersion() throws Exception {
        Written overwritten = f.record(1);
        store.olderVersion(overwritten.manifestKey(), overwritten.manifest().sealed());
        VerifyReport report = verify(compliance(365));
        assertThat(brief(report)).containsExactly(
                brief(FindingType.EXTRA_VERSION, Severity.WARNING, null, overwritten.manifestKey()));
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void suspendedVersioningOrABucketWithoutLockFailsAnExpectedRetention() throws Exception {
        store.versioning(Versions.Versioning.SUSPENDED).bucketLock(BucketLock.NONE);
        assertThat(brief(verify(compliance(365)))).containsExactly(
                brief(FindingType.RETENTION, Severity.FAILURE, null),
                brief(FindingType.RETENTION, Severity.FAILURE, null));
        assertThat(brief(verify(null))).containsExactly(brief(FindingType.RETENTION, Severity.WARNING, null));
    }

    @Test
    void aFolderCannotShowRetention() throws Exception {
        VerifyReport report = Runs.verify(new FileArchive(dir), clock,
                Runs.options(Runs.KEY).withExpectedRetention(compliance(30)), VerifierState.EMPTY);
        assertThat(brief(report)).containsExactly(brief(FindingType.RETENTION, Severity.INCOMPLETE, null));
        assertThat(report.nodes().get(0).retention()).startsWith("not audited");
    }
}
