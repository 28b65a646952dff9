package dev.kubeaudit.shipper;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.shipper.ledger.ShipLedger;
import dev.kubeaudit.shipper.metrics.ShipperMetrics;
import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.store.Receipt;
import dev.kubeaudit.shipper.store.S3Settings;
import dev.kubeaudit.shipper.store.S3Store;
import dev.kubeaudit.shipper.store.SegmentDigest;
import dev.kubeaudit.shipper.store.StoreException;
import dev.kubeaudit.shipper.store.Upload;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.Segments;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The shipper over a real S3 server: discovery, upload, ledger, retries, metrics. */
class ShipperTest {
    @TempDir
    Path dir;

    private S3Server server;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeEach
    void startServer() throws Exception {
        server = S3Server.start(dir.resolve("s3"));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        registry.close();
    }

    private AgentConfig config(String... extra) throws Exception {
        return Configs.load(Configs.write(dir, "s3://" + S3Server.BUCKET + "/prod", server.endpoint().toString(), extra));
    }

    private S3Store s3(AgentConfig config) {
        return new S3Store(S3Settings.of(config.ship(), S3Server.BUCKET),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
    }

    private Shipper start(AgentConfig config, ObjectStore store) throws Exception {
        ShipperMetrics metrics = new ShipperMetrics(registry);
        Shipper shipper = Shipper.start(ShipperSettings.of(config), store, Clock.systemUTC(), metrics);
        metrics.bind(shipper);
        return shipper;
    }

    @Test
    void shipsEveryFinalSegmentUnderTheKeyLayoutAndRecordsItInTheLedger() throws Exception {
        Path log = dir.resolve("log");
        Path a = Segments.write(log, "audit-2026-11-27T03-16-01.000.log", 100_000);
        Path b = Segments.write(log, "audit-2026-11-28T00-00-00.000.log", 200_000);
        Segments.write(log, "audit.log", 10);
        AgentConfig config = config();
        try (Shipper shipper = start(config, s3(config))) {
            awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(a) && shipper.shipped(b), "both shipped");
            Path c = Segments.write(log, "audit-2026-11-28T01-00-00.000.log", 300);
            shipper.offer(c);
            awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(c), "notified segment shipped");
            // The ledger records a segment just before the queue lets go of it.
            awaitUntil(Duration.ofSeconds(20), () -> shipper.pendingSegments() == 0, "nothing pending");
        }
        assertThat(server.keys()).containsExactly(
                "prod/c1/node-a/2026/11/27/audit-2026-11-27T03-16-01.000.log",
                "prod/c1/node-a/2026/11/28/audit-2026-11-28T00-00-00.000.log",
                "prod/c1/node-a/2026/11/28/audit-2026-11-28T01-00-00.000.log");
        assertThat(server.sha256(server.keys().get(1))).isEqualTo(S3Server.sha256(b));
        try (ShipLedger ledger = ShipLedger.open(dir.resolve("journal"))) {
            assertThat(ledger.entry(b.getFileName().toString())).hasValueSatisfying(e -> {
                assertThat(e.size()).isEqualTo(200_000);
                assertThat(e.key()).isEqualTo("prod/c1/node-a/2026/11/28/audit-2026-11-28T00-00-00.000.log");
                assertThat(e.etag()).isNotBlank();
            });
        }
        String text = registry.scrape();
        assertThat(text).contains("audit_agent_segments_shipped_total 3.0", "audit_agent_segments_pending 0.0",
                "audit_agent_ship_bytes_total 300300.0", "# HELP audit_agent_ship_duration_seconds",
                "# HELP audit_agent_last_ship_success_timestamp_seconds",
                "# HELP audit_agent_oldest_pending_segment_age_seconds",
                "audit_agent_ship_failures_total{reason=\"checksum\"} 0.0");
    }

    @Test
    void anUploadTheStoreRefusesForItsChecksumIsCountedAndRetried() throws Exception {
        Path segment = Segments.write(dir.resolve("log"), "audit-2026-11-27T03-16-01.000.log.gz", 64_000);
        AgentConfig config = config();
        AtomicInteger attempts = new AtomicInteger();
        S3Store s3 = s3(config);
        ObjectStore corruptingOnce = new ObjectStore() {
            @Override
            public Receipt put(Upload upload) throws StoreException {
                if (attempts.incrementAndGet() > 1) {
                    return s3.put(upload);
                }
                byte[] wrong = upload.digest().sha256().clone();
                wrong[31] ^= 0x55;
                return s3.put(new Upload(upload.key(), upload.file(),
                        new SegmentDigest(upload.digest().size(), wrong, null), upload.segmentTime()));
            }

            @Override
            public String describe() {
                return s3.describe();
            }

            @Override
            public void close() {
                s3.close();
            }
        };
        try (Shipper shipper = start(config, corruptingOnce)) {
            awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(segment), "shipped after the refusal");
        }
        assertThat(attempts).hasValue(2);
        assertThat(registry.scrape()).contains("audit_agent_ship_failures_total{reason=\"checksum\"} 1.0");
        assertThat(server.sha256(server.keys().get(0))).isEqualTo(S3Server.sha256(segment));
    }

    @Test
    void deleteAfterShipRemovesOnlyVerifiedLocalCopies() throws Exception {
        Path log = dir.resolve("log");
        Path a = Segments.write(log, "audit-2026-11-27T03-16-01.000.log", 1000);
        AgentConfig config = config("deleteAfterShip: true");
        try (Shipper shipper = start(config, s3(config))) {
            awaitUntil(Duration.ofSeconds(20), () -> !Files.exists(a), "shipped segment deleted");
        }
        assertThat(server.keys()).hasSize(1);
        try (ShipLedger ledger = ShipLedger.open(dir.resolve("journal"))) {
            assertThat(ledger.contains(a.getFileName().toString())).isTrue();
        }
        try (Shipper shipper = Shipper.start(ShipperSettings.of(config), s3(config), Clock.systemUTC(),
                ShipperListener.NONE)) {
            assertThat(shipper.pendingSegments()).isZero();
        }
        try (ShipLedger ledger = ShipLedger.open(dir.resolve("journal"))) {
            assertThat(ledger.size()).as("entry of a segment no longer in the folder dropped at start").isZero();
        }
        assertThat(List.of(server.keys().get(0))).allMatch(k -> k.endsWith(a.getFileName().toString()));
    }
}
