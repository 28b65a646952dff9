package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.ledger.ShipLedger;
import dev.kubeaudit.shipper.store.Receipt;
import dev.kubeaudit.shipper.store.S3Settings;
import dev.kubeaudit.shipper.store.S3Store;
import dev.kubeaudit.shipper.testing.ChildShipper;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.Segments;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The standalone shipper in a child JVM halted between an upload and its ledger entry: after a
 * restart the same segment is uploaded again, the store answers 412 (s3proxy honours
 * If-None-Match), HeadObject confirms the stored object, and the ledger ends up complete.
 */
class CrashBetweenUploadAndLedgerTest {
    @TempDir
    Path dir;

    @Test
    void theSecondUploadIsAnswered412ConfirmedAndRecorded() throws Exception {
        Path log = dir.resolve("log");
        String[] names = {"audit-2026-11-27T01-00-00.000.log", "audit-2026-11-27T02-00-00.000.log",
                "audit-2026-11-27T03-00-00.000.log"};
        for (String name : names) {
            Segments.write(log, name, 200_000);
        }
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            Path config = Configs.write(dir, "s3://" + S3Server.BUCKET + "/prod", server.endpoint().toString(),
                    "concurrency: 1");
            try (ChildShipper child = ChildShipper.start(config, dir.resolve("child.txt"),
                    "-Dkubeaudit.crashPoint=" + Shipper.UPLOADED + ":2")) {
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(CrashPoint.HALT_STATUS);
            }
            assertThat(server.keys()).as("two uploads before the halt").hasSize(2);
            try (ShipLedger ledger = ShipLedger.open(dir.resolve("journal"))) {
                assertThat(ledger.contains(names[0])).isTrue();
                assertThat(ledger.contains(names[1])).as("halted before its ledger entry").isFalse();
            }

            Map<String, Receipt> receipts = new ConcurrentHashMap<>();
            ShipperListener recording = new ShipperListener() {
                @Override
                public void shipped(Segment segment, Receipt receipt, long nanos, Instant at) {
                    receipts.put(segment.name(), receipt);
                }
            };
            AgentConfig loaded = Configs.load(config);
            S3Store store = new S3Store(S3Settings.of(loaded.ship(), S3Server.BUCKET), StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
            try (Shipper shipper = Shipper.start(ShipperSettings.of(loaded), store, Clock.systemUTC(), recording)) {
                awaitUntil(Duration.ofSeconds(30), () -> receipts.size() == 2, "the two unrecorded segments shipped");
            }
            assertThat(receipts.get(names[1]).alreadyStored()).as("412, confirmed by HeadObject").isTrue();
            assertThat(receipts.get(names[2]).alreadyStored()).isFalse();
            assertThat(receipts).doesNotContainKey(names[0]);
            try (ShipLedger ledger = ShipLedger.open(dir.resolve("journal"))) {
                assertThat(ledger.size()).isEqualTo(3);
            }
            for (String name : names) {
                assertThat(server.sha256("prod/c1/node-a/2026/11/27/" + name)).isEqualTo(S3Server.sha256(log.resolve(name)));
            }
        }
    }
}
