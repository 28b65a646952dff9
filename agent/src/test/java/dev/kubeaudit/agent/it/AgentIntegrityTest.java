package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.integrity.IntegrityDirectory;
import dev.kubeaudit.agent.integrity.RunningMarker;
import dev.kubeaudit.agent.integrity.SegmentRange;
import dev.kubeaudit.agent.integrity.SegmentRanges;
import dev.kubeaudit.agent.logfile.Backup;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled agent's integrity state: the running marker, declared gaps and segment ranges. */
class AgentIntegrityTest {
    @TempDir
    Path dir;

    @AfterEach
    void noAgentThreadOutlivesClose() {
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(5));
    }

    private Path integrityDir(AgentConfig config) {
        return IntegrityDirectory.of(config.journal().dir());
    }

    private List<DeclaredGap> pendingGaps(AgentConfig config) throws IOException {
        try (GapInbox gaps = GapInbox.open(integrityDir(config))) {
            return gaps.pending();
        }
    }

    @Test
    void aCleanStopRemovesTheRunningMarkerAndTheNextStartDeclaresNothing() throws Exception {
        AgentConfig config = TestConfigs.under(dir);
        Path marker = integrityDir(config).resolve(RunningMarker.FILE_NAME);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            assertThat(marker).exists();
        }
        assertThat(marker).doesNotExist();
        Agent.start(config, Clock.systemUTC()).close();
        assertThat(pendingGaps(config)).isEmpty();
    }

    @Test
    void theMarkerOfARunThatNeverStoppedIsAnUncleanStopAtTheNextStart() throws Exception {
        AgentConfig config = TestConfigs.under(dir);
        MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
        try (GapInbox gaps = GapInbox.open(integrityDir(config))) {
            RunningMarker.start(integrityDir(config), gaps, clock); // killed: never closed
        }
        clock.advance(Duration.ofMinutes(7));
        Agent.start(config, clock).close();
        assertThat(pendingGaps(config)).singleElement().satisfies(gap -> {
            assertThat(gap.reason()).isEqualTo(DeclaredGap.UNCLEAN_STOP);
            assertThat(gap.time()).isEqualTo(clock.instant());
            assertThat(gap.detail()).contains("started at 2026-05-01T10:00:00Z");
        });
    }

    @Test
    void aBackupRotatedByTheAgentHasTheRangeOfItsLines() throws Exception {
        AgentConfig c = TestConfigs.under(dir);
        AgentConfig.Log g = c.log();
        AgentConfig config = new AgentConfig(c.cluster(), c.node(), c.listen(), c.journal(),
                new AgentConfig.Log(g.path(), g.maxAge(), g.maxBackup(), g.maxSize(), g.compress(), g.compression(),
                        g.compressionLevel(), g.format(), Duration.ofSeconds(1)),
                c.policy(), c.ship(), c.metrics(), c.integrity());
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            assertThat(webhook.post(Webhook.eventList(AgentTest.events("r", 3))).statusCode()).isEqualTo(200);
            awaitUntil(Duration.ofSeconds(20), () -> !backups(config).isEmpty(), "a rotation by age");
        }
        Path backup = backups(config).get(0).path();
        assertThat(SegmentRanges.open(integrityDir(config)).lookup(backup.getFileName().toString()))
                .hasValueSatisfying(range -> assertThat(range.lastIndex()).isEqualTo(range.firstIndex()))
                .map(SegmentRange::firstIndex).hasValueSatisfying(first -> assertThat(first).isNotNegative());
    }

    @Test
    void withIntegrityOffTheAgentKeepsNoIntegrityState() throws Exception {
        AgentConfig config = TestConfigs.withIntegrity(TestConfigs.under(dir),
                new AgentConfig.Integrity(false, null, Duration.ofMinutes(5)));
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            assertThat(agent.config().integrity().enabled()).isFalse();
        }
        assertThat(Files.exists(integrityDir(config))).isFalse();
        assertThat(Files.isDirectory(config.journal().dir())).isTrue();
    }

    private static List<Backup> backups(AgentConfig config) {
        try {
            return BackupNames.list(config.log().path());
        } catch (IOException e) {
            return List.of();
        }
    }
}
