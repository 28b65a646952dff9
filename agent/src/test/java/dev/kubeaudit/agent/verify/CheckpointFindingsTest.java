package dev.kubeaudit.agent.verify;

import static dev.kubeaudit.agent.verify.Runs.brief;
import static dev.kubeaudit.agent.verify.Runs.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.FileArchive;
import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checkpoints: freshness, truncated tails, rollback against the state file and within the archive, forks. */
class CheckpointFindingsTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

    static LongStream seeds() {
        return LongStream.of(4, 23, 77);
    }

    private ArchiveFixture archive(long seed) throws Exception {
        return ArchiveFixture.random(dir, seed, Runs.KEY, clock);
    }

    private static VerifyReport verifyWith(Path dir, MutableClock clock, VerifierState state) throws Exception {
        return Runs.verify(new FileArchive(dir), clock, Runs.options(Runs.KEY), state);
    }

    /** Deletes the newest {@code k} records (segment and manifest) and every checkpoint covering any of them. */
    private static void truncateTail(ArchiveFixture f, int k) throws Exception {
        int n = f.records.size();
        for (int i = n - k; i < n; i++) {
            f.delete(f.record(i).segmentKey());
            f.delete(f.record(i).manifestKey());
        }
        for (int size = n - k + 1; size <= n; size++) {
            f.delete(f.checkpoints.get(size - 1));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aTailDeletedWithItsCheckpointsIsStale(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        int n = f.records.size();
        int k = 2 + new Random(seed).nextInt(3);
        truncateTail(f, k);
        VerifyReport report = verify(dir, clock);
        assertThat(brief(report)).as("seed %d, k %d", seed, k)
                .containsExactly(brief(FindingType.STALE_TAIL, Severity.INCOMPLETE, null, f.checkpoints.get(n - k - 1)));
        assertThat(report.exitCode()).isEqualTo(2);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aTailDeletedAfterACleanRunIsARollbackAgainstTheState(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        int n = f.records.size();
        VerifyReport clean = verify(dir, clock);
        VerifierState state = VerifierState.EMPTY.with(clean.newest());
        assertThat(state.get(f.node()).size()).isEqualTo(n);
        int k = 2 + new Random(seed).nextInt(3);
        truncateTail(f, k);
        List<String> expected = new ArrayList<>();
        for (int s = n - k; s < n; s++) {
            expected.add(brief(FindingType.MISSING, Severity.FAILURE, (long) s, f.record(n - k - 1).manifestKey()));
        }
        expected.add(brief(FindingType.STALE_TAIL, Severity.INCOMPLETE, null, f.checkpoints.get(n - k - 1)));
        expected.add(brief(FindingType.ROLLBACK, Severity.FAILURE, null, f.checkpoints.get(n - k - 1)));
        VerifyReport report = verifyWith(dir, clock, state);
        assertThat(brief(report)).as("seed %d, k %d", seed, k).containsExactlyElementsOf(expected);
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anOlderCheckpointReplayedIsARollbackAgainstTheState(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        int n = f.records.size();
        VerifierState state = VerifierState.EMPTY.with(verify(dir, clock).newest());
        f.delete(f.checkpoints.get(n - 1));
        assertThat(brief(verifyWith(dir, clock, state))).as("seed %d", seed).containsExactly(
                brief(FindingType.STALE_TAIL, Severity.WARNING, (long) n - 1, f.record(n - 1).manifestKey()),
                brief(FindingType.ROLLBACK, Severity.FAILURE, null, f.checkpoints.get(n - 2)));
        assertThat(brief(verify(dir, clock))).as("without the state it is only a warning")
                .containsExactly(brief(FindingType.STALE_TAIL, Severity.WARNING, (long) n - 1,
                        f.record(n - 1).manifestKey()));
    }

    @Test
    void aSmallerCheckpointSignedLaterIsARollback() throws Exception {
        ArchiveFixture f = archive(6);
        int n = f.records.size();
        String smaller = f.checkpointAt(n - 2, f.root(n - 2), clock.instant().minusSeconds(60));
        assertThat(brief(verify(dir, clock)))
                .containsExactly(brief(FindingType.ROLLBACK, Severity.FAILURE, null, f.checkpoints.get(n - 1), smaller));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSecondRootForOneSizeIsAFork(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        int size = 1 + new Random(seed).nextInt(f.records.size() - 1);
        Instant after = SignedCheckpoint.parse(f.read(f.checkpoints.get(size - 1))).time().plusSeconds(1);
        byte[] bogus = new byte[32];
        new Random(seed).nextBytes(bogus);
        String forged = f.checkpointAt(size, bogus, after);
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(
                brief(FindingType.FORK, Severity.FAILURE, null, f.checkpoints.get(size - 1), forged),
                brief(FindingType.FORK, Severity.FAILURE, null, forged));
    }

    @Test
    void aRememberedCheckpointTheChainDoesNotGiveIsAFork() throws Exception {
        ArchiveFixture f = archive(12);
        VerifierState state = new VerifierState(Map.of(f.node(),
                new VerifierState.Entry(3, new byte[32], Instant.parse("2026-05-01T10:10:00Z"))));
        assertThat(brief(verifyWith(dir, clock, state))).containsExactly(brief(FindingType.FORK, Severity.FAILURE, null));
    }

    @Test
    void anOldNewestCheckpointIsStaleAndAFutureOneDoesNotCount() throws Exception {
        ArchiveFixture f = archive(13);
        int n = f.records.size();
        clock.advance(Duration.ofHours(1));
        VerifyReport stale = verify(dir, clock);
        assertThat(brief(stale)).containsExactly(
                brief(FindingType.STALE_TAIL, Severity.INCOMPLETE, null, f.checkpoints.get(n - 1)));
        assertThat(stale.exitCode()).isEqualTo(2);
        String future = f.checkpointAt(n, f.root(n), clock.instant().plus(Duration.ofHours(2)));
        assertThat(brief(verify(dir, clock))).containsExactly(
                brief(FindingType.STALE_TAIL, Severity.INCOMPLETE, null, f.checkpoints.get(n - 1)),
                brief(FindingType.CLOCK_SKEW, Severity.WARNING, null, future));
    }

    @Test
    void recordsAfterTheNewestCheckpointAreWarnings() throws Exception {
        ArchiveFixture f = archive(14);
        var extra = f.segment(Compression.GZIP, ArchiveFixture.REAL_LINES.subList(10, 20));
        VerifyReport report = verify(dir, clock);
        assertThat(brief(report)).containsExactly(
                brief(FindingType.STALE_TAIL, Severity.WARNING, extra.seq(), extra.manifestKey()));
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void aChainWithoutCheckpointsIsIncomplete() throws Exception {
        ArchiveFixture f = archive(15);
        for (String k : f.checkpoints) {
            f.delete(k);
        }
        assertThat(brief(verify(dir, clock))).containsExactly(brief(FindingType.STALE_TAIL, Severity.INCOMPLETE, null));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anArchiveShippedToWhileItIsListedShowsNoCheckpointAheadOfItsRecords(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        int n = f.records.size();
        PagedFolder listing = new PagedFolder(dir, f.keys.nodePrefix() + "integrity/", () -> {
            f.segment(Compression.GZIP, ArchiveFixture.randomLines(new Random(seed)));
            f.checkpoint();
        });
        VerifyReport report = Runs.verify(listing, clock, Runs.options(Runs.KEY), VerifierState.EMPTY);
        assertThat(Runs.brief(report)).as("seed %d: %s", seed, Runs.text(report)).isEmpty();
        assertThat(report.nodes().get(0).records()).as("the record shipped while listing").isEqualTo(n + 1);
        assertThat(report.nodes().get(0).checkpointSize()).as("its checkpoint").isEqualTo(n + 1);
    }
}
