package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.Events;
import dev.kubeaudit.shipper.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent (webhook, journal, writer, in-process shipper) while its S3 server is down:
 * it keeps accepting and rotating, segments queue up locally (the backlog metric rises) and
 * retention keeps them despite maxBackup 2; once the server is back every segment arrives and
 * the backlog returns to 0. Every acknowledged event is in a stored object or the active file.
 */
class OutageTest {
    @TempDir
    Path dir;

    @Test
    void segmentsQueueUpLocallyDuringAnOutageAndAllArriveAfterIt() throws Exception {
        Path log = dir.resolve("log").resolve("audit.log");
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            Path config = Configs.write(dir, "s3://" + S3Server.BUCKET + "/prod", server.endpoint().toString(),
                    "log.maxSize: 1", "log.maxBackup: 2", "log.rotateInterval: 1s");
            Events events;
            try (Agent agent = Agent.start(Configs.load(config), Clock.systemUTC())) {
                events = new Events(agent.ingestPort());
                int metrics = agent.metricsPort();
                postMiB(events, 3);
                awaitUntil(Duration.ofSeconds(30), () -> server.keys().size() >= 2, "first segments shipped");

                server.stop();
                postMiB(events, 8);
                awaitUntil(Duration.ofSeconds(30), () -> pending(metrics) >= 6, "backlog of at least 6 segments");
                assertThat(backups(log)).as("retention holds unshipped segments despite maxBackup 2")
                        .isGreaterThanOrEqualTo(6);
                awaitUntil(Duration.ofSeconds(30), () -> held(metrics) > 0, "retention reports held segments");

                server.restart();
                awaitUntil(Duration.ofSeconds(60), () -> pending(metrics) == 0, "backlog shipped");
                for (int i = 0; i < 60 && backups(log) > 2; i++) {
                    events.post(1);
                    Thread.sleep(500);
                }
                assertThat(backups(log)).as("shipped segments are then removed by retention").isLessThanOrEqualTo(2);
                awaitUntil(Duration.ofSeconds(30), () -> pending(metrics) == 0, "last segments shipped");
            }
            Map<String, Integer> counts = Events.counts();
            for (String key : server.keys()) {
                assertThat(key).startsWith("prod/c1/node-a/");
                Events.count(server.bytes(key), counts);
            }
            Events.count(Files.readAllBytes(log), counts);
            assertThat(counts.keySet()).as("every acknowledged event stored or still in the active file")
                    .containsAll(events.acknowledged());
            assertThat(counts.values()).as("no event in two segments").allMatch(n -> n == 1);
            assertThat(server.keys()).hasSizeGreaterThanOrEqualTo(10);
        }
    }

    private static void postMiB(Events events, int mib) throws Exception {
        for (int i = 0; i < mib * 4; i++) {
            assertThat(events.post(256)).as("batch acknowledged").isTrue();
        }
    }

    private static double pending(int metricsPort) {
        return Scrape.value(Scrape.text(metricsPort), "audit_agent_segments_pending", "cluster=\"c1\"");
    }

    private static double held(int metricsPort) {
        return Scrape.value(Scrape.text(metricsPort), "audit_agent_retention_held_segments", "cluster=\"c1\"");
    }

    private static long backups(Path log) {
        try {
            return BackupNames.list(log).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
