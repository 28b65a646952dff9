package dev.kubeaudit.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.agent.verify.ArchiveFixture.Written;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit-agent verify} through {@link Main#execute}: exit statuses, both output forms, the state file, --event. */
class VerifyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @TempDir
    Path work;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    ArchiveFixture f;
    Path key;

    @BeforeEach
    void archive() throws Exception {
        f = ArchiveFixture.random(dir, 40, Runs.KEY, clock);
        key = publicKeyFile("agent.pub", Runs.KEY);
    }

    private Path publicKeyFile(String name, SigningKey k) throws Exception {
        return Files.writeString(work.resolve(name), "# the agent's key\n" + k.verifierKey().encoded() + "\n");
    }

    private int verify(String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "file:" + dir, "--public-key", key.toString(),
                "--now", clock.instant().toString(), "--parallel", "3"));
        args.addAll(List.of(more));
        return Main.execute(args.toArray(String[]::new));
    }

    @Test
    void aCleanArchiveExitsZeroWithAPerNodeSummary() throws Exception {
        assertThat(verify()).as(streams.err()).isZero();
        long events = f.records.stream().mapToLong(w -> w.lines().size()).sum();
        int n = f.records.size();
        assertThat(streams.out()).contains(f.node() + ": " + n + " records, " + n + " of " + n + " segments verified, "
                + events + " events, stageTimestamp ")
                .contains("newest checkpoint size " + n + " at ")
                .contains("verify file:" + dir.toRealPath() + ": clean (0 failures, 0 incomplete, 0 warnings)");
    }

    @Test
    void jsonOutputIsOneObjectPerFindingThenASummary() throws Exception {
        Written w = f.record(2);
        f.delete(w.segmentKey());
        assertThat(verify("--output", "json")).isEqualTo(1);
        String[] lines = streams.out().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode finding = JSON.readTree(lines[0]);
        assertThat(finding.path("finding").asText()).isEqualTo("MISSING");
        assertThat(finding.path("severity").asText()).isEqualTo("failure");
        assertThat(finding.path("node").asText()).isEqualTo(f.node());
        assertThat(finding.path("seq").asLong()).isEqualTo(2);
        assertThat(finding.path("keys")).extracting(JsonNode::asText).containsExactly(w.segmentKey(), w.manifestKey());
        assertThat(finding.path("message").asText()).isNotEmpty();
        JsonNode summary = JSON.readTree(lines[1]);
        assertThat(summary.path("summary").asBoolean()).isTrue();
        assertThat(summary.path("result").asText()).isEqualTo("failure");
        assertThat(summary.path("exitCode").asInt()).isEqualTo(1);
        assertThat(summary.path("failures").asInt()).isEqualTo(1);
        JsonNode node = summary.path("nodes").get(0);
        assertThat(node.path("node").asText()).isEqualTo(f.node());
        assertThat(node.path("segmentsVerified").asInt()).isEqualTo(f.records.size() - 1);
        assertThat(node.path("checkpoint").path("size").asLong()).isEqualTo(f.records.size());
    }

    @Test
    void aStaleArchiveExitsTwo() {
        clock.advance(Duration.ofHours(2));
        assertThat(verify()).isEqualTo(2);
        assertThat(streams.out()).contains("INCOMPLETE STALE_TAIL " + f.node());
        assertThat(verify("--max-staleness", "3h")).isZero();
    }

    @Test
    void usageErrorsExitThreeNamingTheOptionOrFile() {
        assertThat(Main.execute("verify", "file:" + dir)).isEqualTo(3);
        assertThat(streams.err()).contains("--public-key");
        Path absent = work.resolve("absent.pub");
        assertThat(Main.execute("verify", "file:" + dir, "--public-key", absent.toString())).isEqualTo(3);
        assertThat(streams.err()).contains(absent.toString());
        assertThat(verify("--max-staleness", "soon")).isEqualTo(3);
        assertThat(streams.err()).contains("--max-staleness: soon");
        assertThat(verify("--output", "xml")).isEqualTo(3);
        assertThat(streams.err()).contains("--output: xml");
        assertThat(verify("--node", "just-a-node")).isEqualTo(3);
        assertThat(verify("--expect-retention", "FOREVER")).isEqualTo(3);
        assertThat(streams.err()).contains("--expect-retention");
        assertThat(Main.execute("verify", "file:" + dir.resolve("nowhere"), "--public-key", key.toString()))
                .isEqualTo(3);
        assertThat(streams.err()).contains("nowhere");
    }

    @Test
    void theStateFileIsWrittenAfterACleanRunAndCatchesARollback() throws Exception {
        Path state = work.resolve("verify-state.json");
        assertThat(verify("--state", state.toString())).isZero();
        String written = Files.readString(state);
        assertThat(JSON.readTree(written).path("nodes").path(f.node()).path("size").asLong())
                .isEqualTo(f.records.size());
        f.delete(f.checkpoints.get(f.checkpoints.size() - 1));
        assertThat(verify("--state", state.toString())).isEqualTo(1);
        assertThat(streams.out()).contains("FAILURE ROLLBACK " + f.node());
        assertThat(Files.readString(state)).as("a failed run leaves the state as it was").isEqualTo(written);
    }

    @Test
    void keysWithValidityWindowsVerifyARotatedArchive() throws Exception {
        SigningKey next = SigningKey.generate("kube-audit-agent");
        Instant rotation = clock.instant();
        f.useKey(next);
        f.segment(Compression.GZIP, ArchiveFixture.randomLines(new Random(1)));
        f.checkpoint();
        Path nextKey = publicKeyFile("next.pub", next);
        List<String> args = List.of("verify", dir.toString(), "--now", clock.instant().toString(),
                "--public-key", key + "@.." + rotation, "--public-key", nextKey + "@" + rotation + "..");
        assertThat(Main.execute(args.toArray(String[]::new))).as(streams.out()).isZero();
        assertThat(Main.execute("verify", dir.toString(), "--now", clock.instant().toString(), "--public-key",
                key + "@..2026-04-30")).isEqualTo(1);
        assertThat(streams.out()).contains("FAILURE UNKNOWN_KEY");
    }

    @Test
    void eventPrintsAProofAndExitsZero() throws Exception {
        String line = f.record(1).lines().get(0);
        String auditID = JSON.readTree(line).path("auditID").asText();
        assertThat(verify("--event", auditID)).as(streams.err()).isZero();
        JsonNode proof = JSON.readTree(streams.out());
        assertThat(proof.path("auditID").asText()).isEqualTo(auditID);
        assertThat(proof.path("checkpoint").path("text").asText()).startsWith("kube-audit-agent/" + f.node() + "\n");
        assertThat(verify("--event", "no-such-id")).isEqualTo(1);
    }

    @Test
    void deepAndTimeWindowOptionsAreAccepted() {
        assertThat(verify("--deep", "--from", "2026-05-01", "--to", "2026-05-02T00:00:00Z", "--node", f.node()))
                .as(streams.out()).isZero();
        assertThat(verify("--from", "2026-05-02", "--to", "2026-05-01")).isEqualTo(3);
    }
}
