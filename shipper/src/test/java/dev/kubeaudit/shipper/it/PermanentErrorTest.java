package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.metrics.ShipperMetrics;
import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.store.Receipt;
import dev.kubeaudit.shipper.store.S3Settings;
import dev.kubeaudit.shipper.store.S3Store;
import dev.kubeaudit.shipper.store.StoreException;
import dev.kubeaudit.shipper.store.Upload;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.Segments;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Wrong credentials: every attempt is denied and counted (also as failures in a row, back to 0 at
 * the first success), attempts come at the slow pace of a
 * permanent error (maxBackoff 1 s here), never in a tight loop; a restart with the right
 * credentials ships everything.
 */
class PermanentErrorTest {
    @TempDir
    Path dir;

    @Test
    void deniedUploadsAreCountedRetriedSlowlyAndRecoverWithTheRightCredentials() throws Exception {
        Path log = dir.resolve("log");
        Path a = Segments.write(log, "audit-2026-11-27T01-00-00.000.log", 10_000);
        Path b = Segments.write(log, "audit-2026-11-27T02-00-00.000.log", 10_000);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            AgentConfig config = Configs.load(Configs.write(dir, "s3://" + S3Server.BUCKET, server.endpoint().toString()));
            AtomicInteger attempts = new AtomicInteger();
            ShipperMetrics metrics = new ShipperMetrics(registry);
            long window;
            try (Shipper shipper = Shipper.start(ShipperSettings.of(config), counting(store(config, "wrong"), attempts),
                    Clock.systemUTC(), metrics)) {
                long start = System.nanoTime();
                awaitUntil(Duration.ofSeconds(10), () -> attempts.get() >= 2, "a retry");
                Thread.sleep(3_000);
                window = System.nanoTime() - start;
                assertThat(shipper.pendingSegments()).isEqualTo(2);
            }
            double seconds = window / 1e9;
            assertThat(attempts.get()).as("attempts in %.1f s at maxBackoff 1 s", seconds)
                    .isLessThanOrEqualTo((int) (2 + seconds / 0.5));
            // Every finished attempt was counted as denied; the one under way at close may not have finished.
            double denied = registry.get("audit.agent.ship.failures").tag("reason", "denied").counter().count();
            assertThat(denied).as("denied failures for %d attempts", attempts.get())
                    .isGreaterThanOrEqualTo(Math.max(2, attempts.get() - 1)).isLessThanOrEqualTo(attempts.get());
            assertThat(registry.get("audit.agent.ship.consecutive.failures").gauge().value())
                    .as("upload failures in a row").isEqualTo(denied);

            try (Shipper shipper = Shipper.start(ShipperSettings.of(config), store(config, S3Server.SECRET_KEY),
                    Clock.systemUTC(), metrics)) {
                awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(a) && shipper.shipped(b), "shipped");
            }
            assertThat(registry.get("audit.agent.ship.consecutive.failures").gauge().value())
                    .as("upload failures in a row after a success").isZero();
            assertThat(server.keys()).hasSize(2);
        } finally {
            registry.close();
        }
    }

    private static S3Store store(AgentConfig config, String secret) {
        return new S3Store(S3Settings.of(config.ship(), S3Server.BUCKET),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, secret)));
    }

    private static ObjectStore counting(ObjectStore store, AtomicInteger attempts) {
        return new ObjectStore() {
            @Override
            public Receipt put(Upload upload) throws StoreException {
                attempts.incrementAndGet();
                return store.put(upload);
            }

            @Override
            public String describe() {
                return store.describe();
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }
}
