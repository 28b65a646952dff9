package dev.kubeaudit.shipper;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.ship.SegmentShipping;
import dev.kubeaudit.agent.ship.SegmentShippingProvider;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.Segments;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-off the agent finds through ServiceLoader: final segments in, retention's question answered by the ledger. */
class ShippingProviderTest {
    @TempDir
    Path dir;

    @Test
    void theAgentFindsTheShipperAndRetentionMayDeleteOnlyWhatTheLedgerHolds() throws Exception {
        SegmentShippingProvider provider = ServiceLoader.load(SegmentShippingProvider.class).findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(ShippingProvider.class);
        Path log = dir.resolve("log");
        Path plainAwaitingCompression = Segments.write(log, "audit-2026-11-27T01-00-00.000.log", 500);
        Path config = Configs.write(dir, "file:" + dir.resolve("archive"), null, "log.compress: true",
                "scanInterval: 1h");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (SegmentShipping shipping = provider.start(Configs.load(config), Clock.systemUTC(), registry,
                FatalFailures.NONE, null)) {
            Path gz = Segments.write(log, "audit-2026-11-27T02-00-00.000.log.gz", 300);
            assertThat(shipping.mayDelete(gz)).isFalse();
            shipping.segmentFinal(gz);
            awaitUntil(Duration.ofSeconds(20), () -> shipping.mayDelete(gz), "ledger holds the notified segment");
            assertThat(shipping.mayDelete(plainAwaitingCompression)).isFalse();
            // The ledger holds a segment just before the shipped counter counts it.
            awaitUntil(Duration.ofSeconds(20), () -> registry.scrape().contains("audit_agent_segments_shipped_total 1.0"),
                    "the shipped segment counted");
        } finally {
            registry.close();
        }
        assertThat(dir.resolve("archive/c1/node-a/2026/11/27/audit-2026-11-27T02-00-00.000.log.gz")).exists();
        assertThat(Files.exists(dir.resolve("journal").resolve("ship.ledger"))).isTrue();
    }

    @Test
    void theShipCommandReportsConfigurationProblemsWithExitStatus2() throws Exception {
        Path bad = dir.resolve("shipper.yaml");
        Files.writeString(bad, "ship:\n  checksum: crc32\n");
        assertThat(Main.execute("ship", "--config", bad.toString())).isEqualTo(2);
    }
}
