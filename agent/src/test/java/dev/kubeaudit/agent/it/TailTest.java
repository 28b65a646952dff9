package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.ChildCli;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.TestData;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit-agent tail}: the journal beside a running agent, and log files and archived segments. */
class TailTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedOut;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
    }

    @Test
    void followSeesEventsPostedAfterItStartedWhileTheWriterKeepsWriting() throws Exception {
        AgentConfig config = TestConfigs.under(dir);
        Path agentYaml = dir.resolve("agent.yaml");
        Files.writeString(agentYaml, "journal:\n  dir: " + config.journal().dir().toAbsolutePath() + "\n");
        List<String> posted = new ArrayList<>();
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            post(webhook, AgentTest.events("before", 5), posted);
            try (ChildCli tail = ChildCli.start(dir.resolve("tail.out"), "tail", "--follow", "--output", "json",
                    "--lines", "all", "--config", agentYaml.toString())) {
                awaitUntil(Duration.ofSeconds(60), () -> tail.lines().size() >= 5,
                        "tail prints what was there: " + tail.errors());
                for (int round = 0; round < 20; round++) {
                    post(webhook, AgentTest.events("after-" + round, 50), posted);
                }
                awaitUntil(Duration.ofSeconds(30), () -> tail.lines().size() >= posted.size(),
                        "tail prints what came after it started");
                assertThat(tail.lines()).containsExactlyElementsOf(posted);
                assertThat(tail.isAlive()).isTrue();
            }
            awaitUntil(Duration.ofSeconds(30), () -> lines(config).size() >= posted.size(), "the writer wrote all");
        }
        assertThat(lines(config)).as("written exactly once, in order").containsExactlyElementsOf(posted);

        assertThat(Main.execute("tail", "--config", agentYaml.toString(), "--lines", "2")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "- - get /healthz - Metadata ResponseComplete", "- - get /healthz - Metadata ResponseComplete");
    }

    @Test
    void readsLogFilesAndArchivedSegmentsWithFilters() throws Exception {
        Path source = TestData.realAudit().resolve("openshift-cluster-logging-operator-audit_in.log");
        byte[] content = Files.readAllBytes(source);
        Path plain = dir.resolve("audit.log");
        Files.write(plain, content);
        Path gz = dir.resolve("audit-2026-05-01T10-00-00.000.log.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(content);
        }
        Path zst = dir.resolve("audit-2026-05-01T11-00-00.000.log.zst");
        try (OutputStream o = new ZstdOutputStream(Files.newOutputStream(zst))) {
            o.write(content);
        }
        List<String> pods = Files.readAllLines(source).stream()
                .filter(l -> l.contains("\"resource\":\"pods\"") && l.contains("\"verb\":\"create\"")).toList();
        assertThat(pods).isNotEmpty();
        for (Path file : List.of(plain, gz, zst)) {
            out.reset();
            assertThat(Main.execute("tail", file.toString(), "-n", "all", "--resource", "pods", "--verb", "create",
                    "--output", "json")).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).as(file.toString())
                    .containsExactlyElementsOf(pods);
        }
        out.reset();
        assertThat(Main.execute("tail", gz.toString(), "-n", "1")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "2023-06-12T13:30:26.954923Z system:serviceaccount:openshift-operator-lifecycle-manager:"
                        + "olm-operator-serviceaccount create serviceaccounts openshift-marketplace/certified-operators"
                        + " 409 RequestResponse ResponseComplete\n");
    }

    private static void post(Webhook webhook, List<String> lines, List<String> posted) throws Exception {
        assertThat(webhook.post(Webhook.eventList(lines)).statusCode()).isEqualTo(200);
        posted.addAll(lines);
    }

    static List<String> lines(AgentConfig config) {
        try {
            return Files.exists(config.log().path()) ? Files.readAllLines(config.log().path()) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
