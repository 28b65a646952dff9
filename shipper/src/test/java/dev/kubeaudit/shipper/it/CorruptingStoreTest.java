package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.ship.SegmentShipping;
import dev.kubeaudit.agent.ship.SegmentShippingProvider;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.shipper.ledger.ShipLedger;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.RecordingS3Server;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.Segments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that keeps other bytes than it was sent and answers 200 all the same (here one byte
 * flipped): the segment is never recorded as shipped, retention may not delete it, the failure is
 * counted as {@code corrupted} and logged once with the store's answer, and retried at the slow
 * pace of a permanent error (maxBackoff 1 s: at least 0.5 s between attempts, where the first
 * retry of a passing failure would come after minBackoff, 100 ms).
 */
class CorruptingStoreTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void aSegmentTheStoreCorruptedIsNeverShippedNorDeletableAndCountedAsCorrupted() throws Exception {
        SegmentShippingProvider provider = ServiceLoader.load(SegmentShippingProvider.class).findFirst().orElseThrow();
        Path segment = Segments.write(dir.resolve("log"), "audit-2026-11-27T01-00-00.000.log.gz", 40_000);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RecordingS3Server server = RecordingS3Server.start(true, true)) {
            Path config = Configs.write(dir, "s3://" + S3Server.BUCKET, server.endpoint().toString(),
                    "log.compress: true", "scanInterval: 1h");
            try (SegmentShipping shipping = provider.start(Configs.load(config), Clock.systemUTC(), registry,
                    FatalFailures.NONE, null)) {
                shipping.segmentFinal(segment);
                awaitUntil(Duration.ofSeconds(20), () -> puts(server).size() >= 3, "three upload attempts");
                assertThat(corrupted(registry)).as("every finished attempt counted as corrupted")
                        .isGreaterThanOrEqualTo(2);
                assertThat(shipping.mayDelete(segment)).as("retention may not delete it").isFalse();
            }
            List<RecordingS3Server.Request> puts = puts(server);
            for (int i = 1; i < puts.size(); i++) {
                long gapMillis = (puts.get(i).arrivedNanos() - puts.get(i - 1).arrivedNanos()) / 1_000_000;
                assertThat(gapMillis).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(450);
            }
        } finally {
            registry.close();
        }
        try (ShipLedger ledger = ShipLedger.open(dir.resolve("journal"))) {
            assertThat(ledger.size()).as("nothing recorded as shipped").isZero();
        }
        assertThat(registry.get("audit.agent.segments.shipped").counter().count()).isZero();
        List<String> logged = streams.err().lines().filter(l -> l.contains("fails (corrupted)")).toList();
        assertThat(logged).as("logged once").hasSize(1);
        assertThat(logged.get(0)).contains("audit-2026-11-27T01-00-00.000.log.gz", "the store answered size 40000",
                "ETag ", "(expected: ");
    }

    private static List<RecordingS3Server.Request> puts(RecordingS3Server server) {
        return server.requests().stream().filter(r -> r.method().equals("PUT")).toList();
    }

    private static double corrupted(PrometheusMeterRegistry registry) {
        Counter counter = registry.find("audit.agent.ship.failures").tag("reason", "corrupted").counter();
        return counter == null ? 0 : counter.count();
    }
}
