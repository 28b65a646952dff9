package dev.kubeaudit.agent.verify;

import static dev.kubeaudit.agent.verify.Runs.brief;
import static dev.kubeaudit.agent.verify.Runs.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.verify.ArchiveFixture.Written;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chain of records and its signatures: links, signatures, keys and their windows, declared gaps. */
class ChainFindingsTest {
    @TempDir
    java.nio.file.Path dir;

    @TempDir
    java.nio.file.Path elsewhere;

    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

    static LongStream seeds() {
        return LongStream.of(3, 17, 99);
    }

    /** {@code n} segments 5 minutes apart, a checkpoint after each; the segment at {@code odd} gets a wrong prev. */
    private ArchiveFixture chainWithWrongPrevAt(long seed, int n, int odd) throws Exception {
        ArchiveFixture f = new ArchiveFixture(dir, "prod", "node-" + seed, Runs.KEY, clock);
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            Compression c = Compression.values()[random.nextInt(3)];
            if (i == odd) {
                f.segment(c, ArchiveFixture.randomLines(random), m -> ManifestEdits.prev(m, "00".repeat(32)));
            } else {
                f.segment(c, ArchiveFixture.randomLines(random));
            }
            f.checkpoint();
            clock.advance(Duration.ofMinutes(5));
        }
        return f;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSignedRecordWhosePrevIsWrongIsAChainBreak(long seed) throws Exception {
        int odd = 1 + new Random(seed).nextInt(5);
        ArchiveFixture f = chainWithWrongPrevAt(seed, 7, odd);
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(brief(FindingType.CHAIN_BREAK,
                Severity.FAILURE, (long) odd, f.record(odd - 1).manifestKey(), f.record(odd).manifestKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anEditedManifestHasABadSignatureAndBreaksTheNextLink(long seed) throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, seed, Runs.KEY, clock);
        Written w = f.record(1 + new Random(seed).nextInt(f.records.size() - 2));
        String text = new String(w.bytes(), StandardCharsets.UTF_8);
        String lines = "\"lines\":" + w.manifest().facts().lines() + ",";
        f.write(w.manifestKey(), text.replace(lines, "\"lines\":" + (w.manifest().facts().lines() + 1) + ",")
                .getBytes(StandardCharsets.UTF_8));
        Written next = f.record(w.seq() + 1);
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(
                brief(FindingType.BAD_SIGNATURE, Severity.FAILURE, w.seq(), w.manifestKey()),
                brief(FindingType.CHAIN_BREAK, Severity.FAILURE, next.seq(), w.manifestKey(), next.manifestKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aManifestThatDoesNotParseIsABadSignatureAndItsSeqIsMissing(long seed) throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, seed, Runs.KEY, clock);
        Written w = f.record(1 + new Random(seed).nextInt(f.records.size() - 2));
        f.write(w.manifestKey(), "{\"format\":1}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(brief(verify(dir, clock))).as("seed %d", seed).containsExactly(
                brief(FindingType.MISSING, Severity.FAILURE, w.seq(), w.manifestKey(), w.segmentKey()),
                brief(FindingType.BAD_SIGNATURE, Severity.FAILURE, null, w.manifestKey()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anEditedCheckpointHasABadSignature(long seed) throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, seed, Runs.KEY, clock);
        String key = f.checkpoints.get(new Random(seed).nextInt(f.checkpoints.size() - 1));
        String text = new String(f.read(key), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        lines[2] = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        f.write(key, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        assertThat(brief(verify(dir, clock))).as("seed %d", seed)
                .containsExactly(brief(FindingType.BAD_SIGNATURE, Severity.FAILURE, null, key));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void recordsAndCheckpointsSignedByAnotherKeyAreUnknownKey(long seed) throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, seed, Runs.KEY, clock);
        SigningKey other = SigningKey.generate("kube-audit-agent");
        VerifyReport report = verify(dir, clock, Runs.options(other));
        List<String> expected = new ArrayList<>();
        for (Written w : f.records) {
            expected.add(brief(FindingType.UNKNOWN_KEY, Severity.FAILURE, w.seq(), w.manifestKey()));
        }
        f.checkpoints.forEach(k -> expected.add(brief(FindingType.UNKNOWN_KEY, Severity.FAILURE, null, k)));
        expected.add(brief(FindingType.STALE_TAIL, Severity.INCOMPLETE, null));
        assertThat(brief(report)).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.nodes().get(0).segmentsVerified()).isZero();
    }

    @Test
    void aKeyRotatedMidArchiveVerifiesCleanWithBothKeysInTheirWindows() throws Exception {
        SigningKey next = SigningKey.generate("kube-audit-agent");
        ArchiveFixture f = new ArchiveFixture(dir, "prod", "node-r", Runs.KEY, clock);
        Random random = new Random(1);
        Instant rotation = null;
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                rotation = clock.instant();
                f.useKey(next);
            }
            f.segment(Compression.values()[i % 3], ArchiveFixture.randomLines(random));
            f.checkpoint();
            clock.advance(Duration.ofMinutes(5));
        }
        VerifyOptions both = Runs.options(Runs.KEY).withParallel(2);
        both = new VerifyOptions(List.of(new TrustedKey(Runs.KEY.verifierKey(), null, rotation),
                new TrustedKey(next.verifierKey(), rotation, null)), both.nodes(), null, null, both.maxStaleness(),
                both.maxClockSkew(), false, 2, null);
        VerifyReport report = verify(dir, clock, both);
        assertThat(brief(report)).as(Runs.text(report)).isEmpty();
        assertThat(report.nodes().get(0).segmentsVerified()).isEqualTo(8);

        VerifyReport oldOnly = verify(dir, clock, Runs.options(Runs.KEY));
        assertThat(oldOnly.of(FindingType.UNKNOWN_KEY)).hasSize(8);   // 4 records, 4 checkpoints
        assertThat(oldOnly.of(FindingType.UNKNOWN_KEY).stream().filter(x -> x.seq() != null).map(Finding::seq))
                .containsExactly(4L, 5L, 6L, 7L);

        VerifyOptions tooShort = new VerifyOptions(List.of(new TrustedKey(Runs.KEY.verifierKey(), null,
                rotation.minus(Duration.ofMinutes(5))), new TrustedKey(next.verifierKey(), rotation, null)), List.of(),
                null, null, both.maxStaleness(), both.maxClockSkew(), false, 2, null);
        VerifyReport window = verify(dir, clock, tooShort);
        assertThat(brief(window)).containsExactly(
                brief(FindingType.UNKNOWN_KEY, Severity.FAILURE, 3L, f.record(3).manifestKey()),
                brief(FindingType.UNKNOWN_KEY, Severity.FAILURE, null, f.checkpoints.get(3)));
        assertThat(window.findings().get(0).message()).contains("not valid then");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void declaredGapsAreWarningsAndADeclaredDeletionIsNotMissing(long seed) throws Exception {
        ArchiveFixture f = new ArchiveFixture(dir, "prod", "node-g", Runs.KEY, clock);
        Random random = new Random(seed);
        Written first = f.segment(Compression.values()[random.nextInt(3)], ArchiveFixture.randomLines(random));
        clock.advance(Duration.ofMinutes(5));
        Written unclean = f.gap(random.nextBoolean() ? "unclean-stop" : "journal-tail-lost", null);
        Written lost = f.segment(Compression.values()[random.nextInt(3)], ArchiveFixture.randomLines(random));
        clock.advance(Duration.ofMinutes(5));
        Written deleted = f.gap("segment-deleted-unshipped", lost.segmentKey());
        f.segment(Compression.values()[random.nextInt(3)], ArchiveFixture.randomLines(random));
        f.checkpoint();
        f.delete(lost.segmentKey());
        VerifyReport report = verify(dir, clock);
        assertThat(brief(report)).as("seed %d", seed).containsExactly(
                brief(FindingType.DECLARED_GAP, Severity.WARNING, 1L, unclean.objectKey()),
                brief(FindingType.DECLARED_GAP, Severity.WARNING, 2L, lost.segmentKey(), lost.manifestKey(),
                        deleted.objectKey()),
                brief(FindingType.DECLARED_GAP, Severity.WARNING, 3L, deleted.objectKey(), lost.segmentKey()));
        assertThat(report.exitCode()).isZero();
        assertThat(first.objectKey()).isEqualTo(ArchiveLayout.DEFAULT.manifestKey(first.segmentKey()));
    }

    @Test
    void twoDifferentSignedRecordsOfOneSeqAreAFork() throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, 8, Runs.KEY, clock);
        Written w = f.record(2);
        ArchiveFixture other = new ArchiveFixture(elsewhere, "prod", "node-8", Runs.KEY,
                MutableClock.at("2026-05-01T10:10:00Z"));
        other.records.addAll(f.records.subList(0, 2));
        Written twin = other.segment(Compression.NONE, ArchiveFixture.REAL_LINES.subList(0, 5));
        String twinManifest = twin.segmentKey() + ".manifest";
        f.write(twin.segmentKey(), other.read(twin.segmentKey()));
        f.write(twinManifest, twin.bytes());
        VerifyReport report = verify(dir, clock);
        assertThat(brief(report)).containsExactly(
                brief(FindingType.FORK, Severity.FAILURE, 2L, twinManifest, w.manifestKey()));
        assertThat(report.exitCode()).isEqualTo(1);
    }
}
