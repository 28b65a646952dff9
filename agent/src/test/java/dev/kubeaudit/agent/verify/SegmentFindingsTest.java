package dev.kubeaudit.agent.verify;

import static dev.kubeaudit.agent.verify.Runs.brief;
import static dev.kubeaudit.agent.verify.Runs.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.verify.ArchiveFixture.Written;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Segments and their manifests tampered with in the ways an attacker with write access could: each is found, naming its keys. */
class SegmentFindingsTest {
    @TempDir
    java.nio.file.Path dir;

    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

    static LongStream seeds() {
        return LongStream.of(7, 19, 42, 1234);
    }

    private ArchiveFixture archive(long seed) throws IOException {
        return ArchiveFixture.random(dir, seed, Runs.KEY, clock);
    }

    private static Written pick(ArchiveFixture f, Random random) {
        return f.record(1 + random.nextInt(f.records.size() - 2));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aCleanArchiveHasNoFinding(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        VerifyReport report = verify(dir, clock);
        assertThat(brief(report)).as("seed %d: %s", seed, Runs.text(report)).isEmpty();
        assertThat(report.exitCode()).isZero();
        NodeSummary node = report.nodes().get(0);
        assertThat(node.segmentsVerified()).isEqualTo(f.records.size());
        assertThat(node.events()).isEqualTo(f.records.stream().mapToLong(w -> w.lines().size()).sum());
        assertThat(node.checkpointSize()).isEqualTo(f.records.size());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aChangedByteIsModified(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        Random random = new Random(seed);
        Written w = pick(f, random);
        byte[] bytes = f.read(w.segmentKey());
        bytes[random.nextInt(bytes.length)] ^= 0x20;
        f.write(w.segmentKey(), bytes);
        assertThat(brief(verify(dir, clock))).as("seed %d", seed)
                .containsExactly(brief(FindingType.MODIFIED, Severity.FAILURE, w.seq(), w.segmentKey(), w.manifestKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDeletedSegmentIsMissing(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        Written w = pick(f, new Random(seed));
        f.delete(w.segmentKey());
        assertThat(brief(verify(dir, clock))).as("seed %d", seed)
                .containsExactly(brief(FindingType.MISSING, Severity.FAILURE, w.seq(), w.segmentKey(), w.manifestKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDeletedManifestIsMissingAndNamesTheSegmentLeftBehind(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        Written w = pick(f, new Random(seed));
        f.delete(w.manifestKey());
        assertThat(brief(verify(dir, clock))).as("seed %d", seed)
                .containsExactly(brief(FindingType.MISSING, Severity.FAILURE, w.seq(), w.manifestKey(), w.segmentKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void twoDeletedRecordsInARowAreEachMissing(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        int s = 1 + new Random(seed).nextInt(f.records.size() - 3);
        for (int i = s; i < s + 2; i++) {
            f.delete(f.record(i).segmentKey());
            f.delete(f.record(i).manifestKey());
        }
        String before = f.record(s - 1).manifestKey();
        String after = f.record(s + 2).manifestKey();
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(
                brief(FindingType.MISSING, Severity.FAILURE, (long) s, before, after),
                brief(FindingType.MISSING, Severity.FAILURE, (long) s + 1, before, after));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void recordsTheNewestCheckpointCoversAreMissingWhenDeleted(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        int n = f.records.size();
        for (int i = n - 2; i < n; i++) {
            f.delete(f.record(i).segmentKey());
            f.delete(f.record(i).manifestKey());
        }
        String before = f.record(n - 3).manifestKey();
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(
                brief(FindingType.MISSING, Severity.FAILURE, (long) n - 2, before),
                brief(FindingType.MISSING, Severity.FAILURE, (long) n - 1, before));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void swappedSegmentsAreReordered(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        Random random = new Random(seed);
        Written a = f.record(random.nextInt(3));
        Written b = f.record(3 + random.nextInt(f.records.size() - 3));
        byte[] bytesA = f.read(a.segmentKey());
        f.write(a.segmentKey(), f.read(b.segmentKey()));
        f.write(b.segmentKey(), bytesA);
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(
                brief(FindingType.REORDERED, Severity.FAILURE, a.seq(), a.segmentKey(), a.manifestKey(), b.segmentKey()),
                brief(FindingType.REORDERED, Severity.FAILURE, b.seq(), b.segmentKey(), b.manifestKey(), a.segmentKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSegmentUnderAnotherKeyIsMoved(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        Written w = pick(f, new Random(seed));
        String elsewhere = f.keys.nodePrefix() + "2026/04/30/audit-2026-04-30T00-00-00.000.log";
        f.move(w.segmentKey(), elsewhere);
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(
                brief(FindingType.MOVED, Severity.FAILURE, w.seq(), w.segmentKey(), elsewhere, w.manifestKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aManifestUnderAnotherKeyIsMoved(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        Written w = pick(f, new Random(seed));
        String elsewhere = f.keys.nodePrefix() + "2026/04/30/renamed.manifest";
        f.move(w.manifestKey(), elsewhere);
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(
                brief(FindingType.MOVED, Severity.FAILURE, w.seq(), elsewhere, w.manifestKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aShortenedSegmentIsTruncated(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        Random random = new Random(seed);
        Written w = pick(f, random);
        byte[] bytes = f.read(w.segmentKey());
        f.write(w.segmentKey(), Arrays.copyOf(bytes, random.nextInt(bytes.length)));
        assertThat(brief(verify(dir, clock))).as("seed %d", seed)
                .containsExactly(brief(FindingType.TRUNCATED, Severity.FAILURE, w.seq(), w.segmentKey(), w.manifestKey()));
    }

    @Test
    void trailingBytesAnExtraGzipMemberAndASkippableZstdFrameAreAppended() throws Exception {
        ArchiveFixture f = new ArchiveFixture(dir, "prod", "node-a", Runs.KEY, clock);
        Random random = new Random(5);
        Written plain = f.segment(Compression.NONE, ArchiveFixture.randomLines(random));
        clock.advance(Duration.ofMinutes(1));
        Written gzip = f.segment(Compression.GZIP, ArchiveFixture.randomLines(random));
        clock.advance(Duration.ofMinutes(1));
        Written zstd = f.segment(Compression.ZSTD, ArchiveFixture.randomLines(random));
        f.checkpoint();
        append(f, plain.segmentKey(), "{\"kind\":\"Event\"}\n".getBytes());
        append(f, gzip.segmentKey(), ArchiveFixture.compress(Compression.GZIP, ArchiveFixture.content(
                ArchiveFixture.randomLines(random))));
        append(f, zstd.segmentKey(), new byte[] {0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 'e', 'v', 'i', 'l'});
        assertThat(brief(verify(dir, clock))).containsExactly(
                brief(FindingType.APPENDED, Severity.FAILURE, 0L, plain.segmentKey(), plain.manifestKey()),
                brief(FindingType.APPENDED, Severity.FAILURE, 1L, gzip.segmentKey(), gzip.manifestKey()),
                brief(FindingType.APPENDED, Severity.FAILURE, 2L, zstd.segmentKey(), zstd.manifestKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void whatADecoderWouldSkipIsStillAppended(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        Random random = new Random(seed);
        Written w = pick(f, random);
        byte[] more = switch (w.manifest().facts().compression()) {
            case "gzip" -> ArchiveFixture.compress(Compression.GZIP, ArchiveFixture.content(
                    ArchiveFixture.randomLines(random)));
            case "zstd" -> random.nextBoolean()
                    ? new byte[] {0x5F, 0x2A, 0x4D, 0x18, 2, 0, 0, 0, 'h', 'i'}
                    : ArchiveFixture.compress(Compression.ZSTD, ArchiveFixture.content(ArchiveFixture.randomLines(random)));
            default -> ArchiveFixture.content(ArchiveFixture.randomLines(random));
        };
        append(f, w.segmentKey(), more);
        assertThat(brief(verify(dir, clock))).as("seed %d, %s", seed, w.manifest().facts().compression())
                .containsExactly(brief(FindingType.APPENDED, Severity.FAILURE, w.seq(), w.segmentKey(), w.manifestKey()));
    }

    @Test
    void anObjectTheStoreFailsToServeIsUnreadable() throws Exception {
        ArchiveFixture f = archive(8);
        Written w = f.record(3);
        FailingFolder store = new FailingFolder(dir, w.segmentKey());
        VerifyReport report = Runs.verify(store, clock, Runs.options(Runs.KEY), VerifierState.EMPTY);
        assertThat(brief(report)).containsExactly(brief(FindingType.UNREADABLE, Severity.INCOMPLETE, w.seq(),
                w.segmentKey()));
        assertThat(report.exitCode()).isEqualTo(2);
    }

    private static void append(ArchiveFixture f, String key, byte[] more) throws IOException {
        byte[] bytes = f.read(key);
        byte[] all = Arrays.copyOf(bytes, bytes.length + more.length);
        System.arraycopy(more, 0, all, bytes.length, more.length);
        f.write(key, all);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void objectsNoRecordNamesAreInjected(long seed) throws Exception {
        ArchiveFixture f = archive(seed);
        Written w = pick(f, new Random(seed));
        String copy = f.keys.nodePrefix() + "2026/05/01/audit-2026-05-01T09-59-00.000.log";
        f.write(copy, f.read(w.segmentKey()));
        String forged = f.keys.nodePrefix() + "2026/05/01/audit-2026-05-01T09-58-00.000.log.gz";
        f.write(forged, ArchiveFixture.compress(Compression.GZIP, ArchiveFixture.content(ArchiveFixture.REAL_LINES
                .subList(0, 3))));
        String stray = f.keys.checkpointPrefix() + "notes.txt";
        f.write(stray, "hello".getBytes());
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(
                brief(FindingType.INJECTED, Severity.FAILURE, w.seq(), copy),
                brief(FindingType.INJECTED, Severity.FAILURE, null, forged),
                brief(FindingType.INJECTED, Severity.FAILURE, null, stray));
    }

    @Test
    void aRecentObjectAfterTheNewestRecordIsAWarningOnly() throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, 3, Runs.KEY, clock);
        String next = f.keys.nodePrefix() + "2026/05/01/audit-2026-05-01T23-00-00.000.log";
        f.write(next, ArchiveFixture.content(ArchiveFixture.REAL_LINES.subList(0, 2)));
        Files.setLastModifiedTime(f.path(next), FileTime.from(clock.instant().minusSeconds(30)));
        VerifyReport report = verify(dir, clock);
        assertThat(brief(report)).containsExactly(brief(FindingType.STALE_TAIL, Severity.WARNING, null, next));
        assertThat(report.exitCode()).isZero();
        Files.setLastModifiedTime(f.path(next), FileTime.from(clock.instant().minus(Duration.ofHours(1))));
        assertThat(brief(verify(dir, clock))).containsExactly(brief(FindingType.INJECTED, Severity.FAILURE, null, next));
    }

    @Test
    void deepReadsFindContentFactsTheManifestGetsWrong() throws Exception {
        ArchiveFixture f = new ArchiveFixture(dir, "prod", "node-a", Runs.KEY, clock);
        Random random = new Random(9);
        f.segment(Compression.GZIP, ArchiveFixture.randomLines(random));
        clock.advance(Duration.ofMinutes(1));
        Written wrong = f.segment(Compression.ZSTD, ArchiveFixture.randomLines(random), m -> ManifestEdits.lines(m, 1));
        f.checkpoint();
        assertThat(brief(verify(dir, clock))).isEmpty();
        VerifyReport deep = verify(dir, clock, Runs.options(Runs.KEY).withDeep(true));
        assertThat(brief(deep)).containsExactly(
                brief(FindingType.MODIFIED, Severity.FAILURE, 1L, wrong.segmentKey(), wrong.manifestKey()));
        assertThat(deep.findings().get(0).message()).contains("lines: found " + wrong.lines().size());
    }

    @Test
    void onlySegmentsInTheTimeWindowAreReadButTheChainIsWalkedWhole() throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, 11, Runs.KEY, clock);
        Written first = f.record(0);
        f.write(first.segmentKey(), "tampered".getBytes());
        Written later = f.record(3);
        f.delete(later.manifestKey());
        VerifyReport report = verify(dir, clock, Runs.options(Runs.KEY)
                .withWindow(f.record(2).manifest().segmentTime(), null));
        assertThat(brief(report)).containsExactly(
                brief(FindingType.MISSING, Severity.FAILURE, 3L, later.manifestKey(), later.segmentKey()));
        assertThat(report.nodes().get(0).segments()).isEqualTo(f.records.size() - 3);
        assertThat(List.of(verify(dir, clock).exitCode())).containsExactly(1);
    }
}
