package dev.kubeaudit.shipper.integrity;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.metrics.ShipperMetrics;
import dev.kubeaudit.shipper.store.Destination;
import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.testing.AuditSegments;
import dev.kubeaudit.shipper.testing.ChainArchive;
import dev.kubeaudit.shipper.testing.Configs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** An archive the real sealer shipped is what {@code audit-agent verify} accepts, and a segment deleted from it is found. */
class SealedArchiveVerifyTest {
    private static final List<String> NAMES = List.of("audit-2026-11-27T01-00-00.000.log",
            "audit-2026-11-27T02-00-00.000.log.gz", "audit-2026-11-27T03-00-00.000.log.zst",
            "audit-2026-11-28T00-00-00.000.log.gz");

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void theSealersArchiveVerifiesCleanAndADeletedSegmentIsMissing() throws Exception {
        Path log = dir.resolve("log");
        for (int i = 0; i < NAMES.size(); i++) {
            AuditSegments.write(log, NAMES.get(i), "s" + i, 50 + 100 * i);
        }
        Path archive = dir.resolve("archive");
        AgentConfig config = Configs.load(Configs.write(dir, "file:" + archive, null, "integrity.enabled: true"));
        ObjectStore store = Destination.parse("file:" + archive).open(config.ship(), AnonymousCredentialsProvider.create());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Shipper shipper = Shipper.start(ShipperSettings.standalone(config), store, Clock.systemUTC(),
                new ShipperMetrics(registry))) {
            awaitUntil(Duration.ofSeconds(30), () -> NAMES.stream().allMatch(n -> shipper.shipped(log.resolve(n))),
                    "every segment shipped");
            awaitUntil(Duration.ofSeconds(30), () -> ChainArchive.ofFolder(archive).checkpointKeys().stream()
                    .anyMatch(k -> k.endsWith("-" + NAMES.size() + ChainKeys.CHECKPOINT_SUFFIX)),
                    "a checkpoint of every record");
        } finally {
            registry.close();
        }
        String key = dir.resolve("journal/integrity/signing.key.pub").toString();
        assertThat(Main.execute("verify", archive.toString(), "--public-key", key, "--deep"))
                .as(streams.out() + streams.err()).isZero();
        assertThat(streams.out()).contains("c1/node-a: 4 records, 4 of 4 segments verified");

        String deleted = "c1/node-a/2026/11/27/" + NAMES.get(1);
        Files.delete(archive.resolve(deleted));
        assertThat(Main.execute("verify", "file:" + archive, "--public-key", key, "--output", "json")).isEqualTo(1);
        assertThat(streams.out()).contains("{\"finding\":\"MISSING\",\"severity\":\"failure\",\"node\":\"c1/node-a\","
                + "\"seq\":1,\"keys\":[\"" + deleted + "\",\"" + deleted + ".manifest\"]");
    }
}
