package dev.kubeaudit.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.archive.FileArchive;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.ProofByHand;
import dev.kubeaudit.agent.verify.ArchiveFixture.Written;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code verify --event}: the proof is checked by hand ({@link ProofByHand}), as an auditor would
 * offline, with SHA-256 and Ed25519 from the JDK only.
 */
class EventProofTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

    static LongStream seeds() {
        return LongStream.of(2, 31, 64, 500);
    }

    private EventSearch.Outcome find(String auditID) throws Exception {
        return new EventSearch(new FileArchive(dir), Runs.options(Runs.KEY)).find(auditID);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theProofOfAnEventChecksOutByHand(long seed) throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, seed, Runs.KEY, clock);
        Random random = new Random(seed);
        Written w = f.record(random.nextInt(f.records.size()));
        String line = w.lines().get(random.nextInt(w.lines().size()));
        String auditID = JSON.readTree(line).path("auditID").asText();
        EventSearch.Outcome outcome = find(auditID);
        assertThat(outcome.exitCode()).as("seed %d: %s", seed, outcome.message()).isZero();
        ProofByHand.check(outcome.proof().toJson(), auditID, line, f.node(), Runs.KEY.verifierKey().raw());
    }

    @Test
    void anEventNoSegmentHoldsIsNotFound() throws Exception {
        ArchiveFixture.random(dir, 1, Runs.KEY, clock);
        EventSearch.Outcome outcome = find("00000000-0000-0000-0000-000000000000");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.proof()).isNull();
        assertThat(outcome.message()).contains("no event with auditID 00000000-0000-0000-0000-000000000000");
    }

    @Test
    void anEventNoCheckpointCoversYetHasAProofWithoutCheckpoint() throws Exception {
        ArchiveFixture f = ArchiveFixture.random(dir, 2, Runs.KEY, clock);
        String line = ArchiveFixture.REAL_LINES.get(2900);
        Written last = f.segment(Compression.ZSTD, java.util.List.of(line));
        EventSearch.Outcome outcome = find(JSON.readTree(line).path("auditID").asText());
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(2);
        JsonNode proof = JSON.readTree(outcome.proof().toJson());
        assertThat(proof.path("checkpoint").isNull()).isTrue();
        assertThat(proof.path("segment").path("key").asText()).isEqualTo(last.segmentKey());
    }

    @Test
    void anEventInASegmentThatNoLongerMatchesItsManifestIsNotProven() throws Exception {
        ArchiveFixture f = new ArchiveFixture(dir, "prod", "node-t", Runs.KEY, clock);
        String line = ArchiveFixture.REAL_LINES.get(100);
        Written w = f.segment(Compression.NONE, ArchiveFixture.REAL_LINES.subList(100, 110));
        f.checkpoint();
        f.write(w.segmentKey(), ArchiveFixture.content(ArchiveFixture.REAL_LINES.subList(100, 109)));
        EventSearch.Outcome outcome = find(JSON.readTree(line).path("auditID").asText());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.message()).contains("does not match its manifest");
    }
}
