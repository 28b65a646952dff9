package dev.kubeaudit.shipper.integrity;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.integrity.IntegrityDirectory;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.metrics.ShipperMetrics;
import dev.kubeaudit.shipper.store.FileStore;
import dev.kubeaudit.shipper.testing.AuditSegments;
import dev.kubeaudit.shipper.testing.ChainArchive;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.GatedStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declared gaps become records of the chain: the agent's inbox, and segments the standalone shipper saw deleted unshipped. */
class DeclaredGapsTest {
    private static final String A = "audit-2026-11-27T01-00-00.000.log";
    private static final String B = "audit-2026-11-27T02-00-00.000.log";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    private AgentConfig config() throws Exception {
        return Configs.load(Configs.write(dir, "file:" + dir.resolve("archive"), null, "integrity.enabled: true"));
    }

    private ChainArchive archive() {
        return ChainArchive.ofFolder(dir.resolve("archive"));
    }

    private Shipper start(ShipperSettings settings, GatedStore store, GapInbox inbox) throws Exception {
        ShipperMetrics metrics = new ShipperMetrics(registry);
        Shipper shipper = Shipper.start(settings, store, clock, metrics, FatalFailures.NONE, inbox);
        metrics.bind(shipper);
        return shipper;
    }

    private double metric(String name, String labels) {
        return Scrape.value(registry.scrape(), name, labels);
    }

    @Test
    void gapsOfTheAgentsInboxAreSealedUploadedAndThenConsumed() throws Exception {
        AgentConfig config = config();
        DeclaredGap stop = new DeclaredGap("stop-1", DeclaredGap.UNCLEAN_STOP, Instant.parse("2026-12-01T09:59:00Z"),
                "the previous run did not stop cleanly");
        DeclaredGap tail = new DeclaredGap("tail-1", DeclaredGap.JOURNAL_TAIL_LOST,
                Instant.parse("2026-12-01T10:00:01Z"), "journal entries 10 to 12 lost");
        try (GapInbox inbox = GapInbox.open(IntegrityDirectory.of(dir.resolve("journal")))) {
            inbox.declare(stop);
            try (Shipper shipper = start(ShipperSettings.of(config), new GatedStore(
                    new FileStore(dir.resolve("archive"))), inbox)) {
                ChainKeys keys = new ChainKeys("c1", "node-a");
                awaitUntil(Duration.ofSeconds(20), () -> archive().objects().containsKey(keys.gapKey(0)),
                        "the gap declared before the start uploaded as seq 0");
                awaitUntil(Duration.ofSeconds(20), () -> inbox.pending().isEmpty(), "consumed once uploaded");
                inbox.declare(tail);
                shipper.offer(AuditSegments.write(dir.resolve("log"), A, "a", 10));
                awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(dir.resolve("log").resolve(A)), "A shipped");
                awaitUntil(Duration.ofSeconds(20), () -> inbox.pending().isEmpty(), "the second gap consumed");
                awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().stream().anyMatch(c -> c.size() == 3),
                        "a checkpoint of all three records");
            }
        }
        List<SealedManifest> records = archive().records();
        assertThat(records).extracting(r -> r.manifest().kind()).containsExactly("gap", "gap", "segment");
        assertThat(records.get(0).manifest().gap()).isEqualTo(stop);
        assertThat(records.get(1).manifest().gap()).as("drained before sealing the next segment").isEqualTo(tail);
        assertThat(records.get(1).manifest().key()).isEqualTo("c1/node-a/integrity/gaps/00000000000000000001.manifest");
        archive().verify(VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub")));
        assertThat(registry.scrape()).contains("audit_agent_integrity_gaps_declared_total 2.0");
    }

    @Test
    void aSealedSegmentDeletedUnshippedBecomesADeclaredGapAndItsManifestIsUploadedAllTheSame() throws Exception {
        Path a = AuditSegments.write(dir.resolve("log"), A, "a", 10);
        Path b = AuditSegments.write(dir.resolve("log"), B, "b", 10);
        GatedStore store = new GatedStore(new FileStore(dir.resolve("archive")));
        store.hold(key -> key.endsWith(A));
        try (Shipper shipper = start(ShipperSettings.standalone(config()), store, null)) {
            awaitUntil(Duration.ofSeconds(20), () -> store.waiting() == 1 && shipper.shipped(b), "A held, B shipped");
            Files.delete(a);   // the writer's own retention, as kube-apiserver's lumberjack does
            store.open();
            awaitUntil(Duration.ofSeconds(20), () -> archive().records().size() == 3, "A's manifest and the gap");
            awaitUntil(Duration.ofSeconds(20), () -> archive().checkpoints().stream().anyMatch(c -> c.size() == 3),
                    "a checkpoint of all three records");
        }
        List<SealedManifest> records = archive().records();
        Manifest gap = records.get(2).manifest();
        assertThat(gap.gap().reason()).isEqualTo("segment-deleted-unshipped");
        assertThat(gap.gap().detail()).as("the key the segment had").isEqualTo("c1/node-a/2026/11/27/" + A);
        assertThat(records.get(0).manifest().key()).isEqualTo(gap.gap().detail());
        assertThat(archive().objects()).doesNotContainKey("c1/node-a/2026/11/27/" + A);
        archive().verify(VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub")));
        assertThat(metric("audit_agent_ship_failures_total", "reason=\"vanished\"")).isEqualTo(1.0);
    }

    @Test
    void aSegmentThatCannotBeReadIsCountedAndRetriedAndOnceDeletedUnsealedItIsADeclaredGap() throws Exception {
        Path unreadable = Files.createDirectories(dir.resolve("log").resolve(A));   // a segment no read succeeds on
        try (Shipper shipper = start(ShipperSettings.standalone(config()),
                new GatedStore(new FileStore(dir.resolve("archive"))), null)) {
            shipper.offer(unreadable);
            awaitUntil(Duration.ofSeconds(20), () -> metric("audit_agent_ship_failures_total", "reason=\"seal\"") >= 2,
                    "two failed attempts to seal");
            assertThat(shipper.pendingSegments()).as("still pending").isEqualTo(1);
            Files.delete(unreadable);
            awaitUntil(Duration.ofSeconds(20), () -> archive().records().size() == 1, "the gap record");
        }
        Manifest gap = archive().records().get(0).manifest();
        assertThat(gap.gap().reason()).isEqualTo("segment-deleted-unshipped");
        assertThat(gap.gap().detail()).isEqualTo("c1/node-a/2026/11/27/" + A);
        assertThat(archive().objects().keySet()).noneMatch(k -> k.contains(A));
    }
}
