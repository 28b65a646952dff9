package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.integrity.IntegrityDirectory;
import dev.kubeaudit.agent.testing.AuditIds;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.BackgroundLoad;
import dev.kubeaudit.agent.testing.ChildAgent;
import dev.kubeaudit.agent.testing.ChildAgentConfig;
import dev.kubeaudit.agent.testing.JournalSnapshot;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.Webhook;
import dev.kubeaudit.agent.writer.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a power loss leaves on disk, for both journal.sync modes. The agent runs in a child JVM
 * under load from three webhook clients; at a random moment it is frozen (SIGSTOP) and its
 * journal's files are copied — all but the writer's checkpoint and the integrity directory, which
 * the agent forces itself. It runs on until its writer has checkpointed past the end of that copy,
 * and is killed (SIGKILL). The journal's files are then put back to the copy while the checkpoint
 * and audit.log stay as the dead agent left them: the journal lost its tail, and the checkpoint
 * names an index beyond its new end. After a restart every batch acknowledged is in audit.log exactly once, nothing
 * written before is doubled, no line is torn, and the lost tail is reported (an ERROR line and
 * {@code audit_agent_journal_tail_lost_total}). Batches in flight at the kill are not re-sent.
 */
class PowerLossTest {
    private static final String WRITER_CHECKPOINT = "logfile.checkpoint";
    private static final int EVENTS_PER_BATCH = 40;
    private static final int BATCHES_AFTER_RESTART = 50;
    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(30);
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "journal.sync: {0}, log.compress: {1}")
    @CsvSource({"none, true", "always, false"})
    void everyBatchAcknowledgedAfterTheJournalLostItsTailIsWrittenExactlyOnce(String sync, boolean compress)
            throws Exception {
        long seed = Long.getLong("powerLossTest.seed", System.nanoTime());
        System.out.println("PowerLossTest seed: " + seed + " (replay with -DpowerLossTest.seed=" + seed + ")");
        Random random = new Random(seed);
        ChildAgentConfig config = ChildAgentConfig.write(dir, "sync: " + sync,
                "maxSize: 1, maxBackup: 0, maxAge: 0, compress: " + compress);
        Path output = dir.resolve("agent-output.txt");

        AuditTraffic beforeRestart = new AuditTraffic(EVENTS_PER_BATCH);
        JournalSnapshot onDisk = runUntilPowerLoss(config, output, beforeRestart, random);
        onDisk.restore();

        AuditTraffic afterRestart = new AuditTraffic(EVENTS_PER_BATCH);
        double tailsLost;
        try (ChildAgent agent = ChildAgent.start(config, output)) {
            Webhook webhook = new Webhook(config.port());
            for (int i = 0; i < BATCHES_AFTER_RESTART; i++) {
                assertThat(afterRestart.post(webhook)).as("answer to batch %d after the restart", i).isEqualTo(200);
            }
            Await.holdsWithin(WRITE_DEADLINE, Duration.ofMillis(250),
                    () -> AuditIds.allWritten(config.log(), afterRestart.acknowledged()));
            tailsLost = Scrape.value(Scrape.text(config.metricsPort()), "audit_agent_journal_tail_lost_total",
                    "cluster=");
            agent.stop(Duration.ofSeconds(10));
        }

        Map<String, Integer> counts = AuditIds.inLog(config.log());
        String agentOutput = Files.readString(output, StandardCharsets.UTF_8);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(AuditIds.copies(afterRestart.acknowledged(), counts))
                .as("events acknowledged after the restart, by their number of copies in audit.log")
                .isEqualTo(Map.of(1, (long) afterRestart.acknowledged().size()));
        softly.assertThat(AuditIds.copies(beforeRestart.sent(), counts).keySet())
                .as("numbers of copies in audit.log of the events sent before the restart")
                .allMatch(copies -> copies <= 1);
        softly.assertThat(tailsLost).as("audit_agent_journal_tail_lost_total").isGreaterThanOrEqualTo(1.0);
        softly.assertThat(agentOutput.lines()
                        .filter(l -> l.contains(" ERROR ") && l.toLowerCase(Locale.ROOT).contains("lost its tail")))
                .as("ERROR line of the agent saying the journal lost its tail")
                .isNotEmpty();
        softly.assertAll();
    }

    /**
     * Runs the agent under load, copies its journal while it is frozen, lets it run on until the
     * writer's checkpoint is past the copy's newest entry, then kills it. Returns the copy.
     */
    private JournalSnapshot runUntilPowerLoss(ChildAgentConfig config, Path output, AuditTraffic traffic,
                                              Random random) throws Exception {
        Path checkpoint = config.journal().resolve(WRITER_CHECKPOINT);
        try (ChildAgent agent = ChildAgent.start(config, output);
                BackgroundLoad load = traffic.startLoad(config.port(), 3)) {
            int acknowledgedAtCopy = 1_000 + random.nextInt(3_000);
            awaitUntil(LOAD_DEADLINE, () -> traffic.acknowledged().size() >= acknowledgedAtCopy,
                    acknowledgedAtCopy + " events acknowledged");
            agent.suspend();
            JournalSnapshot onDisk = JournalSnapshot.take(config.journal(), dir.resolve("journal-on-disk"),
                    name -> name.startsWith(WRITER_CHECKPOINT) || name.equals(IntegrityDirectory.NAME));
            agent.resume();
            long lastOnDisk = onDisk.lastIndex(dir.resolve("journal-probe"));
            int acknowledgedAtKill = traffic.acknowledged().size() + 400 + random.nextInt(1_200);
            awaitUntil(LOAD_DEADLINE, () -> checkpointedIndex(checkpoint) > lastOnDisk
                            && traffic.acknowledged().size() >= acknowledgedAtKill,
                    "the writer's checkpoint past index " + lastOnDisk + " and " + acknowledgedAtKill
                            + " events acknowledged");
            agent.kill();
            System.out.printf("PowerLossTest: journal copied at %d events (newest index %d), killed at %d events"
                            + " with the checkpoint at index %d%n", acknowledgedAtCopy, lastOnDisk,
                    traffic.acknowledged().size(), checkpointedIndex(checkpoint));
            return onDisk;
        }
    }

    /** The newest journal index the writer's checkpoint names (full or half written). */
    private static long checkpointedIndex(Path file) {
        try {
            return Checkpoint.read(file).map(cp -> Math.max(cp.fullIndex(), cp.partialIndex())).orElse(-1L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
