package dev.kubeaudit.shipper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.agent.testing.AuditIds;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.BackgroundLoad;
import dev.kubeaudit.agent.testing.ChildAgent;
import dev.kubeaudit.agent.testing.ChildAgentConfig;
import dev.kubeaudit.agent.testing.HeldCheckpoint;
import dev.kubeaudit.shipper.testing.ArchivedLog;
import dev.kubeaudit.shipper.testing.ChainArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shipping starts only after the writer's recovery. The agent with its shipper runs in a child JVM
 * under load, with {@code ship.deleteAfterShip} and compression off, and is halted between a
 * rotation's rename and the checkpoint that records it (crash point {@code log-rotated}), so the
 * new backup holds lines written after the writer's checkpoint. At each restart the writer's
 * recovery is slow, as on a slow disk: reading its checkpoint takes until the log folder holds no
 * backup or {@value #HOLD_SECONDS} s have passed ({@link HeldCheckpoint}). Recovery must still find
 * that backup and keep its lines; a shipper that ships and deletes it first makes recovery write
 * those lines again. After the last restart the agent runs until everything is shipped: every
 * acknowledged event is exactly once across the archive and the local log, and no line is torn.
 * Integrity is on (the default): the archive's chain verifies, and records each halt as a declared
 * unclean stop, taken from the agent's own inbox.
 */
class StartOrderTest {
    private static final int HALTS = 2;
    private static final int EVENTS_PER_BATCH = 200;
    private static final int HOLD_SECONDS = 4;
    private static final Duration HALT_DEADLINE = Duration.ofSeconds(60);
    private static final Duration SHIP_DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aBackupRenamedBeforeItsCheckpointIsWrittenOnceWhenRecoveryIsSlowerThanShipping() throws Exception {
        Path archive = dir.resolve("archive");
        ChildAgentConfig config = ChildAgentConfig.write(dir.resolve("agent"), "",
                "maxSize: 1, maxBackup: 0, maxAge: 0, compress: false",
                "ship: {destination: 'file:" + archive + "', deleteAfterShip: true, scanInterval: 200ms,"
                        + " retry: {minBackoff: 100ms, maxBackoff: 1s}}");
        Path output = dir.resolve("agent-output.txt");
        AuditTraffic traffic = new AuditTraffic(EVENTS_PER_BATCH);

        runUntilHalted(config, output, traffic, 1);
        for (int halt = 2; halt <= HALTS; halt++) {
            try (HeldCheckpoint held = holdRecovery(config, halt)) {
                runUntilHalted(config, output, traffic, halt);
                assertThat(held.reads()).as("checkpoint reads held at restart %d", halt).isPositive();
            }
        }
        try (HeldCheckpoint held = holdRecovery(config, HALTS + 1);
                ChildAgent agent = ChildAgent.start(config, output)) {
            Await.holdsWithin(SHIP_DEADLINE, Duration.ofMillis(250),
                    () -> everythingShipped(archive, config.log(), traffic.acknowledged())
                            && uncleanStops(archive) == HALTS);
            agent.stop(Duration.ofSeconds(10));
            assertThat(held.reads()).as("checkpoint reads held at the last restart").isPositive();
        }

        Map<String, Integer> counts = AuditIds.count(ArchivedLog.lines(archive, config.log()));
        assertThat(traffic.acknowledged()).as("acknowledged events").hasSizeGreaterThan(HALTS * 500);
        assertThat(AuditIds.copies(traffic.acknowledged(), counts))
                .as("acknowledged events, by their number of copies across the archive and the local log")
                .isEqualTo(Map.of(1, (long) traffic.acknowledged().size()));
        assertThat(AuditIds.copies(counts.keySet(), counts).keySet())
                .as("numbers of copies of the events written (none is re-sent, so none may be there twice)")
                .containsOnly(1);
        ChainArchive.ofFolder(archive).verify(VerifierKey.read(config.journal().resolve("integrity/signing.key.pub")));
        assertThat(uncleanStops(archive)).as("declared unclean stops in the chain").isEqualTo(HALTS);
    }

    private static long uncleanStops(Path archive) {
        return ChainArchive.ofFolder(archive).records().stream()
                .filter(r -> r.manifest().isGap() && r.manifest().gap().reason().equals(DeclaredGap.UNCLEAN_STOP))
                .count();
    }

    private static void runUntilHalted(ChildAgentConfig config, Path output, AuditTraffic traffic, int halt)
            throws Exception {
        try (ChildAgent agent = ChildAgent.start(config, output, "-Dkubeaudit.crashPoint=log-rotated");
                BackgroundLoad load = traffic.startLoad(config.port(), 3)) {
            assertThat(agent.awaitExit(HALT_DEADLINE)).as("exit status at halt %d", halt)
                    .isEqualTo(CrashPoint.HALT_STATUS);
        }
    }

    /** Slows the next start's recovery: its checkpoint read waits until no backup is left locally. */
    private HeldCheckpoint holdRecovery(ChildAgentConfig config, int start) throws Exception {
        return HeldCheckpoint.hold(config.journal().resolve("logfile.checkpoint"),
                dir.resolve("checkpoint-pipe-" + start), () -> noLocalBackup(config.log()),
                Duration.ofSeconds(HOLD_SECONDS));
    }

    private static boolean noLocalBackup(Path active) {
        try {
            return ArchivedLog.localBackups(active) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** No backup left locally, and every acknowledged event in the archive or the active file. */
    private static boolean everythingShipped(Path archive, Path active, Set<String> acknowledged) {
        try {
            return ArchivedLog.localBackups(active) == 0
                    && AuditIds.count(ArchivedLog.lines(archive, active)).keySet().containsAll(acknowledged);
        } catch (IOException | AssertionError e) {
            return false;
        }
    }
}
