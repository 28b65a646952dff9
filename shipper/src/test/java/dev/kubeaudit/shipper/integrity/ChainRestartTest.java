package dev.kubeaudit.shipper.integrity;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.store.FileStore;
import dev.kubeaudit.shipper.testing.AuditSegments;
import dev.kubeaudit.shipper.testing.ChainArchive;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.GatedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping and starting again on the same state continues the chain: next seq, prev of the last record, no seal twice. */
class ChainRestartTest {
    private static final String A = "audit-2026-11-27T01-00-00.000.log";
    private static final String B = "audit-2026-11-27T02-00-00.000.log.gz";
    private static final String C = "audit-2026-11-27T03-00-00.000.log.zst";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");

    private Path log(String name) {
        return dir.resolve("log").resolve(name);
    }

    private ChainArchive archive() {
        return ChainArchive.ofFolder(dir.resolve("archive"));
    }

    private Shipper start(GatedStore store) throws Exception {
        AgentConfig config = Configs.load(Configs.write(dir, "file:" + dir.resolve("archive"), null,
                "integrity.enabled: true"));
        return Shipper.start(ShipperSettings.standalone(config), store, clock, ShipperListener.NONE);
    }

    @Test
    void aRestartContinuesTheChainWithTheNextSeqAndTheLastRecordsHash() throws Exception {
        AuditSegments.write(dir.resolve("log"), A, "a", 10);
        AuditSegments.write(dir.resolve("log"), B, "b", 10);
        try (Shipper shipper = start(new GatedStore(new FileStore(dir.resolve("archive"))))) {
            awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(log(A)) && shipper.shipped(log(B)), "A and B");
        }
        VerifierKey key = VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub"));
        List<SealedManifest> before = archive().records();
        AuditSegments.write(dir.resolve("log"), C, "c", 10);
        clock.advance(Duration.ofMinutes(1));
        try (Shipper shipper = start(new GatedStore(new FileStore(dir.resolve("archive"))))) {
            awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(log(C)), "C after the restart");
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().stream().anyMatch(c -> c.size() == 3),
                    "the checkpoint of all three");
        }
        List<SealedManifest> after = archive().records();
        assertThat(after).hasSize(3);
        assertThat(after.get(2).manifest().seq()).isEqualTo(2);
        assertThat(after.get(2).manifest().prev()).isEqualTo(before.get(1).sha256Hex());
        assertThat(after.get(0).bytes()).isEqualTo(before.get(0).bytes());
        assertThat(VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub"))).as("the same key").isEqualTo(key);
        archive().verify(key);
        assertThat(Files.readString(dir.resolve("journal/integrity/chain.state"))).contains("next 3\n");
    }

    @Test
    void aSegmentSealedBeforeTheRestartIsShippedWithThatSameRecord() throws Exception {
        AuditSegments.write(dir.resolve("log"), A, "a", 10);
        Path pending = dir.resolve("journal/integrity/pending/" + String.format("%020d", 0) + ChainKeys.MANIFEST_SUFFIX);
        GatedStore failing = new GatedStore(new FileStore(dir.resolve("archive")));
        failing.fail(key -> key.endsWith(ChainKeys.MANIFEST_SUFFIX));
        byte[] sealed;
        try (Shipper shipper = start(failing)) {
            awaitUntil(Duration.ofSeconds(20), () -> Files.exists(pending), "A sealed");
            sealed = Files.readAllBytes(pending);
            assertThat(shipper.shipped(log(A))).isFalse();
        }
        AuditSegments.write(dir.resolve("log"), B, "b", 10);
        clock.advance(Duration.ofMinutes(1));
        try (Shipper shipper = start(new GatedStore(new FileStore(dir.resolve("archive"))))) {
            awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(log(A)) && shipper.shipped(log(B)), "A and B");
        }
        assertThat(Files.exists(pending)).as("deleted once uploaded").isFalse();
        List<SealedManifest> records = archive().records();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).bytes()).as("A's record from before the restart").isEqualTo(sealed);
        assertThat(records.get(1).manifest().key()).endsWith(B);
        archive().verify(VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub")));
    }
}
