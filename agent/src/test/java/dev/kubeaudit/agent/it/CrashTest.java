package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.testing.AuditIds;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.BackgroundLoad;
import dev.kubeaudit.agent.testing.ChildAgent;
import dev.kubeaudit.agent.testing.ChildAgentConfig;
import dev.kubeaudit.agent.testing.Webhook;
import dev.kubeaudit.agent.writer.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in a child JVM under steady load, killed with SIGKILL at random moments and halted at
 * named crash points (rotation rename, checkpoint write, mid-gzip), restarted each time: every
 * acknowledged event ends up in audit.log or a backup exactly once, and no line is torn.
 */
class CrashTest {
    private static final int EVENTS_PER_BATCH = 40;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventIsWrittenExactlyOnceAcrossKillsAndCrashPoints() throws Exception {
        long seed = Long.getLong("crashTest.seed", System.nanoTime());
        System.out.println("CrashTest seed: " + seed + " (replay with -DcrashTest.seed=" + seed + ")");
        Random random = new Random(seed);
        ChildAgentConfig config = ChildAgentConfig.write(dir, "", "maxSize: 1, maxBackup: 0, maxAge: 0, compress: true");
        Path output = dir.resolve("agent-output.txt");
        AuditTraffic traffic = new AuditTraffic(EVENTS_PER_BATCH);

        for (int round = 0; round < 6; round++) {
            try (ChildAgent agent = ChildAgent.start(config, output);
                    BackgroundLoad load = traffic.startLoad(config.port(), 2)) {
                Thread.sleep(300 + random.nextInt(1500));
                agent.kill();
            }
        }
        for (String point : List.of("log-rotated:2", "checkpoint-before-rename:4", "log-mid-compress:1")) {
            try (ChildAgent agent = ChildAgent.start(config, output, "-Dkubeaudit.crashPoint=" + point);
                    BackgroundLoad load = traffic.startLoad(config.port(), 2)) {
                int status = agent.awaitExit(Duration.ofSeconds(60));
                assertThat(status).as("exit status at crash point " + point).isEqualTo(CrashPoint.HALT_STATUS);
            }
        }
        try (ChildAgent agent = ChildAgent.start(config, output)) {
            Await.holdsWithin(Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> AuditIds.allWritten(config.log(), traffic.acknowledged()));
            assertThat(agent.stop(Duration.ofSeconds(10))).as("exit status after SIGTERM").isIn(0, 143);
        }

        Map<String, Integer> counts = AuditIds.inLog(config.log());
        assertThat(traffic.acknowledged()).as("acknowledged events").hasSizeGreaterThan(1000);
        for (String id : traffic.acknowledged()) {
            assertThat(counts.getOrDefault(id, 0)).as("copies of acknowledged event " + id).isEqualTo(1);
        }
        assertThat(counts.values()).as("no event written twice").allMatch(c -> c == 1);
        String agentOutput = Files.readString(output, StandardCharsets.UTF_8);
        long recoveries = agentOutput.lines().filter(l -> l.contains("Recovered after the checkpoint")).count();
        long files;
        try (var list = Files.list(config.log().getParent())) {
            files = list.count();
        }
        System.out.printf("CrashTest: %d acknowledged, %d written, %d files, %d recoveries that kept or cut a tail%n",
                traffic.acknowledged().size(), counts.size(), files, recoveries);
        assertThat(recoveries).as("restarts that found lines past the checkpoint").isPositive();
    }

    /**
     * The writer checkpoints at most once a second, also when idle: a batch written right after a
     * checkpoint stays past it until the next. Killed then, the agent must keep those lines at its
     * restart, not write them again.
     */
    @Test
    void linesWrittenSinceTheLastCheckpointSurviveAKillWhileIdle() throws Exception {
        ChildAgentConfig config = ChildAgentConfig.write(dir, "", "maxSize: 100, maxBackup: 0, maxAge: 0");
        Path output = dir.resolve("agent-output.txt");
        AuditTraffic traffic = new AuditTraffic(EVENTS_PER_BATCH);
        for (int round = 0; round < 4; round++) {
            try (ChildAgent agent = ChildAgent.start(config, output)) {
                Webhook webhook = new Webhook(config.port());
                postAndAwaitWritten(traffic, webhook, config);
                // the checkpoint now covers everything: the next burst, within the second, waits for
                // the next checkpoint, and the kill comes first
                Path checkpoint = config.journal().resolve("logfile.checkpoint");
                Await.awaitUntil(Duration.ofSeconds(30), () -> checkpointCovers(checkpoint, config.log()),
                        "a checkpoint of the whole of audit.log");
                postAndAwaitWritten(traffic, webhook, config);
                agent.kill();
            }
        }
        try (ChildAgent agent = ChildAgent.start(config, output)) {
            Await.holdsWithin(Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> AuditIds.allWritten(config.log(), traffic.acknowledged()));
            assertThat(agent.stop(Duration.ofSeconds(10))).as("exit status after SIGTERM").isIn(0, 143);
        }
        Map<String, Integer> counts = AuditIds.inLog(config.log());
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(traffic.acknowledged());
        assertThat(counts.values()).as("no event written twice").allMatch(c -> c == 1);
        long recoveries = Files.readString(output, StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("Recovered after the checkpoint")).count();
        System.out.printf("CrashTest (idle): %d of 4 restarts found lines past the checkpoint%n", recoveries);
        assertThat(recoveries).as("restarts that found lines past the checkpoint").isPositive();
    }

    private static void postAndAwaitWritten(AuditTraffic traffic, Webhook webhook, ChildAgentConfig config)
            throws Exception {
        assertThat(traffic.post(webhook)).isEqualTo(200);
        assertThat(traffic.post(webhook)).isEqualTo(200);
        Await.awaitUntil(Duration.ofSeconds(30), () -> AuditIds.allWritten(config.log(), traffic.acknowledged()),
                "every acknowledged event in audit.log");
    }

    private static boolean checkpointCovers(Path checkpoint, Path log) {
        try {
            return Checkpoint.read(checkpoint).map(cp -> cp.offset() == sizeOf(log)).orElse(false);
        } catch (IOException e) {
            return false; // being replaced: read it again
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
