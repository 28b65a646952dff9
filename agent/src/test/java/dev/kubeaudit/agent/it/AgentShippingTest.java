package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.ChildCli;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.agent.testing.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * This module's tests run without the shipper on the class path: a configured destination stops
 * start-up before retention could delete an unshipped segment, and ship.destination: none runs
 * without shipping, retention deleting by maxBackup and maxAge alone.
 */
class AgentShippingTest {
    private static final List<String> BACKUPS = List.of("audit-2026-01-01T00-00-00.000.log",
            "audit-2026-01-02T00-00-00.000.log", "audit-2026-01-03T00-00-00.000.log");

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void aDestinationWithoutAShipperStopsStartUpBeforeAnyBackupIsDeleted() throws Exception {
        AgentConfig config = TestConfigs.withDestination(keepingOneBackup(), "file:archive");
        createBackups(config);
        assertThatThrownBy(() -> Agent.start(config, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ship.destination: file:archive: this build has no shipper (the shipper module is not"
                        + " on the class path), so retention would delete segments never shipped (expected: the"
                        + " audit-agent.jar built with its shipper module, or ship.destination: none to run without"
                        + " shipping)");
        assertThat(backups(config)).containsExactlyInAnyOrderElementsOf(BACKUPS);
        assertThat(config.journal().dir()).doesNotExist();
    }

    @Test
    void withDestinationNoneTheAgentStartsAndRetentionDeletesByMaxBackupAlone() throws Exception {
        AgentConfig config = keepingOneBackup();
        assertThat(config.ship().destination()).isEqualTo("none");
        createBackups(config);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            awaitUntil(Duration.ofSeconds(10), () -> backups(config).size() == 1, "retention down to one backup");
            assertThat(backups(config)).containsExactly(BACKUPS.get(2));
        }
    }

    @Test
    void runExitsWith2NamingTheDestinationWhenThisBuildHasNoShipper() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), "log:\n  path: " + dir.resolve("log/audit.log")
                + "\njournal:\n  dir: " + dir.resolve("journal") + "\nlisten:\n  port: 0\nmetrics:\n  port: 0\n");
        try (ChildCli run = ChildCli.start(dir.resolve("run.out"), "run", "--config", file.toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(run.errors()).contains("ship.destination: file:./data/archive: this build has no shipper")
                    .contains("ship.destination: none to run without shipping");
        }
        assertThat(dir.resolve("journal")).doesNotExist();
    }

    @Test
    void theStandaloneShipperRefusesDestinationNone() throws Exception {
        Path file = Files.writeString(dir.resolve("shipper.yaml"), "ship:\n  destination: none\n");
        assertThat(Main.execute("ship", "--config", file.toString())).isEqualTo(2);
        assertThat(streams.err()).contains("ship.destination: none (expected: file:<dir> or s3://<bucket>");
    }

    /** Defaults under {@code dir} keeping one backup, whatever its age. */
    private AgentConfig keepingOneBackup() {
        AgentConfig c = TestConfigs.under(dir);
        AgentConfig.Log g = c.log();
        return new AgentConfig(c.cluster(), c.node(), c.listen(), c.journal(),
                new AgentConfig.Log(g.path(), 0, 1, g.maxSize(), g.compress(), g.compression(), g.compressionLevel(),
                        g.format(), g.rotateInterval()),
                c.policy(), c.ship(), c.metrics(), c.integrity());
    }

    private static void createBackups(AgentConfig config) throws IOException {
        Path logDir = Files.createDirectories(config.log().path().getParent());
        for (String name : BACKUPS) {
            Files.writeString(logDir.resolve(name), "{\"backup\":\"" + name + "\"}\n");
        }
    }

    private static List<String> backups(AgentConfig config) {
        try (Stream<Path> files = Files.list(config.log().path().getParent())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("audit-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
