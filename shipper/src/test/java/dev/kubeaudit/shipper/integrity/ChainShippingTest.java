package dev.kubeaudit.shipper.integrity;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.IntegrityDirectory;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SegmentRange;
import dev.kubeaudit.agent.integrity.SegmentRangeLog;
import dev.kubeaudit.agent.integrity.SegmentReader;
import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.metrics.ShipperMetrics;
import dev.kubeaudit.shipper.store.Destination;
import dev.kubeaudit.shipper.store.FileStore;
import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.testing.AuditSegments;
import dev.kubeaudit.shipper.testing.ChainArchive;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.GatedStore;
import dev.kubeaudit.shipper.testing.S3Server;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Segments, their manifests and checkpoints shipped together, read back and checked as a verifier would. */
class ChainShippingTest {
    private static final List<String> NAMES = List.of("audit-2026-11-27T01-00-00.000.log",
            "audit-2026-11-27T02-00-00.000.log.gz", "audit-2026-11-27T03-00-00.000.log.zst",
            "audit-2026-11-28T00-00-00.000.log.gz");
    private static final String ORIGIN = "kube-audit-agent/c1/node-a";

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    private Path log() {
        return dir.resolve("log");
    }

    private void writeSegments() throws Exception {
        for (int i = 0; i < NAMES.size(); i++) {
            AuditSegments.write(log(), NAMES.get(i), "s" + i, 50 + 100 * i);
        }
    }

    private Shipper start(ShipperSettings settings, ObjectStore store) throws Exception {
        ShipperMetrics metrics = new ShipperMetrics(registry);
        Shipper shipper = Shipper.start(settings, store, Clock.systemUTC(), metrics);
        metrics.bind(shipper);
        return shipper;
    }

    private VerifierKey publicKey() throws Exception {
        return VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file", "s3"})
    void segmentsManifestsAndCheckpointsShipAsAChainAVerifierAccepts(String kind) throws Exception {
        writeSegments();
        try (S3Server server = kind.equals("s3") ? S3Server.start(dir.resolve("s3")) : null) {
            String destination = server == null ? "file:" + dir.resolve("archive") : "s3://" + S3Server.BUCKET + "/prod";
            AgentConfig config = Configs.load(Configs.write(dir, destination,
                    server == null ? null : server.endpoint().toString(), "integrity.enabled: true"));
            ObjectStore store = Destination.parse(destination).open(config.ship(), StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
            try (Shipper shipper = start(ShipperSettings.standalone(config), store)) {
                awaitUntil(Duration.ofSeconds(30), () -> NAMES.stream().allMatch(n -> shipper.shipped(log().resolve(n))),
                        "every segment shipped");
                awaitUntil(Duration.ofSeconds(30), () -> hasCheckpointOf(server, NAMES.size()),
                        "a checkpoint of every record");
            }
            assertThat(Thread.getAllStackTraces().keySet()).as("sealing threads stopped by close")
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("integrity-"));
            ChainArchive archive = archive(server);
            archive.verify(publicKey());
            List<SealedManifest> records = archive.records();
            assertThat(records).hasSize(NAMES.size());
            for (int i = 0; i < NAMES.size(); i++) {
                Manifest m = records.get(i).manifest();
                Path segment = log().resolve(NAMES.get(i));
                assertThat(m.key()).as("oldest first, key relative to the prefix")
                        .isEqualTo("c1/node-a/2026/11/" + (i < 3 ? "27/" : "28/") + NAMES.get(i));
                assertThat(archive.objects().get(m.key())).as("the segment beside its manifest")
                        .isEqualTo(Files.readAllBytes(segment));
                assertThat(m.facts()).isEqualTo(SegmentReader.read(segment));
                assertThat(m.origin()).isEqualTo(ORIGIN);
                assertThat(m.keyId()).isEqualTo(publicKey().keyIdHex());
                assertThat(m.firstIndex()).as("standalone: no journal").isNull();
            }
            assertThat(records.get(2).manifest().facts().compression()).isEqualTo("zstd");
            assertThat(archive.checkpointKeys()).allMatch(k -> k.startsWith("c1/node-a/integrity/checkpoints/"));
        }
        assertThat(publicKey().name()).isEqualTo(ORIGIN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("journal/integrity/signing.key")))).isEqualTo("rw-------");
        String text = registry.scrape();
        assertThat(text).contains("# HELP audit_agent_integrity_checkpoints_total",
                "# HELP audit_agent_integrity_last_checkpoint_timestamp_seconds",
                "audit_agent_integrity_signing_failures_total 0.0", "audit_agent_integrity_gaps_declared_total 0.0",
                "audit_agent_segments_shipped_total 4.0");
        assertThat(text).doesNotContain("audit_agent_integrity_last_checkpoint_timestamp_seconds 0.0");
    }

    private boolean hasCheckpointOf(S3Server server, long size) {
        String suffix = "-" + size + ChainKeys.CHECKPOINT_SUFFIX;
        if (server != null) {
            return server.keys().stream().anyMatch(k -> k.endsWith(suffix));
        }
        return ChainArchive.ofFolder(dir.resolve("archive")).checkpointKeys().stream().anyMatch(k -> k.endsWith(suffix));
    }

    private ChainArchive archive(S3Server server) {
        return server == null ? ChainArchive.ofFolder(dir.resolve("archive")) : ChainArchive.ofBucket(server, "prod/");
    }

    @Test
    void inTheAgentEachManifestCarriesItsSegmentsJournalIndexes() throws Exception {
        writeSegments();
        try (SegmentRangeLog ranges = SegmentRangeLog.open(IntegrityDirectory.of(dir.resolve("journal")))) {
            ranges.record("audit-2026-11-27T01-00-00.000.log", new SegmentRange(0, 49));
            ranges.record("audit-2026-11-27T02-00-00.000.log", new SegmentRange(49, 201));
        }
        AgentConfig config = Configs.load(Configs.write(dir, "file:" + dir.resolve("archive"), null,
                "integrity.enabled: true"));
        try (Shipper shipper = start(ShipperSettings.of(config), new FileStore(dir.resolve("archive")))) {
            awaitUntil(Duration.ofSeconds(30), () -> NAMES.stream().allMatch(n -> shipper.shipped(log().resolve(n))),
                    "every segment shipped");
        }
        List<SealedManifest> records = ChainArchive.ofFolder(dir.resolve("archive")).records();
        assertThat(records.get(0).manifest().firstIndex()).isZero();
        assertThat(records.get(0).manifest().lastIndex()).isEqualTo(49);
        assertThat(records.get(1).manifest().firstIndex()).as("the range of the plain file it was made from")
                .isEqualTo(49);
        assertThat(records.get(1).manifest().lastIndex()).isEqualTo(201);
        assertThat(records.get(2).manifest().firstIndex()).as("no range recorded").isNull();
    }

    @Test
    void aSegmentCountsAsShippedOnlyOnceItsManifestIsStoredToo() throws Exception {
        Path segment = AuditSegments.write(log(), NAMES.get(0), "a", 10);
        AgentConfig config = Configs.load(Configs.write(dir, "file:" + dir.resolve("archive"), null,
                "integrity.enabled: true"));
        GatedStore store = new GatedStore(new FileStore(dir.resolve("archive")));
        store.fail(key -> key.endsWith(ChainKeys.MANIFEST_SUFFIX));
        try (Shipper shipper = start(ShipperSettings.standalone(config), store)) {
            awaitUntil(Duration.ofSeconds(30), () -> store.stored().contains("c1/node-a/2026/11/27/" + NAMES.get(0)),
                    "the segment stored");
            awaitUntil(Duration.ofSeconds(30), () -> Scrape.value(registry.scrape(), "audit_agent_ship_failures_total",
                    "reason=\"unavailable\"") >= 2, "two manifest uploads failed");
            assertThat(shipper.shipped(segment)).as("its manifest is not stored").isFalse();
            store.open();
            awaitUntil(Duration.ofSeconds(30), () -> shipper.shipped(segment), "shipped with its manifest");
            awaitUntil(Duration.ofSeconds(30), () -> hasCheckpointOf(null, 1), "a checkpoint of the record");
        }
        assertThat(store.stored()).contains("c1/node-a/2026/11/27/" + NAMES.get(0) + ChainKeys.MANIFEST_SUFFIX);
        ChainArchive archive = ChainArchive.ofFolder(dir.resolve("archive"));
        archive.verify(publicKey());
        assertThat(archive.checkpoints()).extracting(SignedCheckpoint::size).containsOnly(0L, 1L);
    }
}
