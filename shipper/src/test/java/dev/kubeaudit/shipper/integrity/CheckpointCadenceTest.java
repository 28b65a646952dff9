package dev.kubeaudit.shipper.integrity;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.MerkleTree;
import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.store.FileStore;
import dev.kubeaudit.shipper.testing.AuditSegments;
import dev.kubeaudit.shipper.testing.ChainArchive;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.GatedStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When checkpoints are published: at start, when the uploaded prefix grows, and on the idle cadence of the clock. */
class CheckpointCadenceTest {
    private static final String A = "audit-2026-11-27T01-00-00.000.log";
    private static final String B = "audit-2026-11-27T02-00-00.000.log";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");

    private ChainArchive archive() {
        return ChainArchive.ofFolder(dir.resolve("archive"));
    }

    private AgentConfig config(String... extra) throws Exception {
        String[] lines = new String[extra.length + 1];
        lines[0] = "integrity.enabled: true";
        System.arraycopy(extra, 0, lines, 1, extra.length);
        return Configs.load(Configs.write(dir, "file:" + dir.resolve("archive"), null, lines));
    }

    @Test
    void anIdleChainGetsANewCheckpointEveryIntervalOfTheClockAndOneAtOnceWhenItGrows() throws Exception {
        AgentConfig config = config("integrity.checkpointInterval: 5m");
        try (Shipper shipper = Shipper.start(ShipperSettings.standalone(config), new FileStore(dir.resolve("archive")),
                clock, ShipperListener.NONE)) {
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().size() == 1, "the checkpoint at start");
            SignedCheckpoint first = archive().checkpoints().get(0);
            assertThat(first.size()).isZero();
            assertThat(first.root()).as("the empty tree").isEqualTo(MerkleTree.emptyRoot());
            assertThat(first.time()).isEqualTo(clock.instant());

            clock.advance(Duration.ofMinutes(4));
            assertThat(Await.holdsWithin(Duration.ofMillis(800), Duration.ofMillis(50),
                    () -> archive().checkpoints().size() > 1)).as("no checkpoint before the interval").isFalse();
            clock.advance(Duration.ofMinutes(1));
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().size() == 2, "the idle checkpoint");
            assertThat(archive().checkpoints().get(1).size()).isZero();
            assertThat(archive().checkpoints().get(1).time()).isEqualTo(Instant.parse("2026-12-01T10:05:00Z"));

            shipper.offer(AuditSegments.write(dir.resolve("log"), A, "a", 20));
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().size() == 3, "the checkpoint of A");
            clock.advance(Duration.ofMinutes(5));
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().size() == 4, "the next idle checkpoint");
        }
        List<SignedCheckpoint> checkpoints = archive().checkpoints();
        assertThat(checkpoints).extracting(SignedCheckpoint::size).containsExactly(0L, 0L, 1L, 1L);
        assertThat(checkpoints.get(3).time()).isEqualTo(Instant.parse("2026-12-01T10:10:00Z"));
        assertThat(archive().checkpointKeys()).as("the clock stood still: the next millisecond").containsExactly(
                "c1/node-a/integrity/checkpoints/2026/12/01/2026-12-01T10-00-00.000Z-0.checkpoint",
                "c1/node-a/integrity/checkpoints/2026/12/01/2026-12-01T10-05-00.000Z-0.checkpoint",
                "c1/node-a/integrity/checkpoints/2026/12/01/2026-12-01T10-05-00.001Z-1.checkpoint",
                "c1/node-a/integrity/checkpoints/2026/12/01/2026-12-01T10-10-00.000Z-1.checkpoint");
        archive().verify(VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub")));
    }

    @Test
    void aCheckpointNeverCoversARecordWhoseUploadIsStillRunning() throws Exception {
        AuditSegments.write(dir.resolve("log"), A, "a", 30);
        AuditSegments.write(dir.resolve("log"), B, "b", 30);
        GatedStore store = new GatedStore(new FileStore(dir.resolve("archive")));
        store.hold(key -> key.endsWith(A));
        try (Shipper shipper = Shipper.start(ShipperSettings.standalone(config("concurrency: 2")), store, clock,
                ShipperListener.NONE)) {
            awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(dir.resolve("log").resolve(B)),
                    "B (seq 1) shipped while A (seq 0) is held");
            assertThat(store.waiting()).as("A's upload held").isEqualTo(1);
            clock.advance(Duration.ofMinutes(5));
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().size() >= 2, "an idle checkpoint");
            assertThat(archive().checkpoints()).extracting(SignedCheckpoint::size).as("record 0 is not uploaded")
                    .containsOnly(0L);
            store.open();
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().stream().anyMatch(c -> c.size() == 2),
                    "the checkpoint of both");
        }
        assertThat(archive().checkpoints()).extracting(SignedCheckpoint::size).doesNotContain(1L);
        assertThat(archive().records()).extracting(r -> r.manifest().key())
                .containsExactly("c1/node-a/2026/11/27/" + A, "c1/node-a/2026/11/27/" + B);
        archive().verify(VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub")));
    }

    @Test
    void afterARestartOnAClockSetBackCheckpointsAreStillDatedAfterTheLastOneSigned() throws Exception {
        AgentConfig config = config("integrity.checkpointInterval: 5m");
        try (Shipper shipper = Shipper.start(ShipperSettings.standalone(config), new FileStore(dir.resolve("archive")),
                clock, ShipperListener.NONE)) {
            clock.advance(Duration.ofMillis(250));
            shipper.offer(AuditSegments.write(dir.resolve("log"), A, "a", 20));
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().stream().anyMatch(c -> c.size() == 1),
                    "the checkpoint of A");
        }
        clock.advance(Duration.ofMinutes(-10));
        try (Shipper shipper = Shipper.start(ShipperSettings.standalone(config), new FileStore(dir.resolve("archive")),
                clock, ShipperListener.NONE)) {
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().size() == 3, "the checkpoint at start");
            shipper.offer(AuditSegments.write(dir.resolve("log"), B, "b", 20));
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().stream().anyMatch(c -> c.size() == 2),
                    "the checkpoint of B");
        }
        assertThat(archive().checkpointKeys()).as("the clock went back 10 minutes: a second after the last one")
                .containsExactly(
                        "c1/node-a/integrity/checkpoints/2026/12/01/2026-12-01T10-00-00.000Z-0.checkpoint",
                        "c1/node-a/integrity/checkpoints/2026/12/01/2026-12-01T10-00-00.250Z-1.checkpoint",
                        "c1/node-a/integrity/checkpoints/2026/12/01/2026-12-01T10-00-01.000Z-1.checkpoint",
                        "c1/node-a/integrity/checkpoints/2026/12/01/2026-12-01T10-00-01.001Z-2.checkpoint");
        assertThat(archive().checkpoints()).extracting(SignedCheckpoint::time).as("cosigned times, in seconds")
                .isSorted();
        archive().verify(VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub")));
    }
}
