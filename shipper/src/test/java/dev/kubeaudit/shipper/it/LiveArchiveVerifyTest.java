package dev.kubeaudit.shipper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.verify.TrustedKey;
import dev.kubeaudit.agent.verify.Verifier;
import dev.kubeaudit.agent.verify.VerifierState;
import dev.kubeaudit.agent.verify.VerifyOptions;
import dev.kubeaudit.agent.verify.VerifyReport;
import dev.kubeaudit.shipper.testing.Lockstep;
import dev.kubeaudit.shipper.testing.NodeAgent;
import dev.kubeaudit.shipper.testing.PagedListing;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.WritablePrefix;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifying a bucket a real agent ships to meanwhile: the listing, page by page, spans a shipment,
 * so a later page can hold a checkpoint of records an earlier page listed before they were there.
 * That is no deletion, and the verification must not say so.
 */
class LiveArchiveVerifyTest {
    @TempDir
    Path dir;

    @Test
    void aShipmentDuringTheListingIsNoMissingRecord() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
        try (S3Server s3 = S3Server.start(dir.resolve("s3proxy"))) {
            WritablePrefix bucket = new WritablePrefix(s3.client(), S3Server.BUCKET, "live");
            NodeAgent agent = new NodeAgent(dir.resolve("node-a"), "node-a", bucket.location(),
                    s3.endpoint().toString(), clock, "log.rotateInterval: 60s", "integrity.enabled: true");
            Lockstep step = new Lockstep(clock, Duration.ofMinutes(1), Duration.ofMinutes(6),
                    List.of(new Lockstep.Shipping(agent, bucket::keys)));
            try (agent) {
                step.start("node-a", null);
                step.rotate(1);
                step.rotate(1);
                VerifierKey key = VerifierKey.read(agent.generatedKeyFile().resolveSibling("signing.key.pub"));
                ArchiveOptions reach = new ArchiveOptions(s3.endpoint(), "us-east-1", true, 4);
                try (PagedListing listing = new PagedListing(Archives.open(bucket.location(), reach),
                        "c1/node-a/integrity/", () -> step.rotate(1))) {
                    VerifyReport report = new Verifier(listing, VerifyOptions.of(List.of(TrustedKey.always(key))),
                            Clock.fixed(clock.instant(), ZoneOffset.UTC)).verify(VerifierState.EMPTY);
                    assertThat(report.findings()).as(Expected.text(report)).isEmpty();
                    assertThat(report.nodes()).singleElement().satisfies(n -> {
                        assertThat(n.records()).as("the record shipped during the listing too").isEqualTo(3);
                        assertThat(n.checkpointSize()).isEqualTo(3);
                    });
                }
            }
        }
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(10));
    }
}
