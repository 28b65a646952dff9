package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.store.Destination;
import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.testing.AuditSegments;
import dev.kubeaudit.shipper.testing.ChainArchive;
import dev.kubeaudit.shipper.testing.ChildShipper;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The standalone shipper with integrity on, in a child JVM halted between two steps of the chain;
 * after a restart (in this JVM, on the same state) every segment is shipped with exactly one
 * record, seqs are gapless and unique, and every checkpoint of both runs has the root of its size:
 * no fork.
 */
class ChainCrashTest {
    private static final List<String> NAMES = List.of("audit-2026-11-27T01-00-00.000.log",
            "audit-2026-11-27T02-00-00.000.log.gz", "audit-2026-11-27T03-00-00.000.log.zst");

    @TempDir
    Path dir;

    private Path writeSegments() throws Exception {
        Path log = dir.resolve("log");
        for (int i = 0; i < NAMES.size(); i++) {
            AuditSegments.write(log, NAMES.get(i), "s" + i, 100);
        }
        return log;
    }

    private void halt(Path config, String point) throws Exception {
        try (ChildShipper child = ChildShipper.start(config, dir.resolve("child.txt"),
                "-Dkubeaudit.crashPoint=" + point)) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(CrashPoint.HALT_STATUS);
        }
    }

    private void restartUntilShipped(Path config, Path log, Supplier<ChainArchive> archive) throws Exception {
        AgentConfig loaded = Configs.load(config);
        ObjectStore store = Destination.parse(loaded.ship().destination()).open(loaded.ship(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
        try (Shipper shipper = Shipper.start(ShipperSettings.standalone(loaded), store, Clock.systemUTC(),
                ShipperListener.NONE)) {
            awaitUntil(Duration.ofSeconds(30), () -> NAMES.stream().allMatch(n -> shipper.shipped(log.resolve(n))),
                    "every segment shipped after the restart");
            awaitUntil(Duration.ofSeconds(30), () -> {
                try {
                    return archive.get().checkpoints().stream().anyMatch(c -> c.size() == NAMES.size());
                } catch (NoSuchKeyException e) {
                    return false;   // listed while the running shipper was writing it: read again at the next poll
                }
            }, "a checkpoint of every record");
        }
    }

    private void assertOneRecordPerSegmentWithoutFork(ChainArchive archive) throws Exception {
        archive.verify(VerifierKey.read(dir.resolve("journal/integrity/signing.key.pub")));
        List<SealedManifest> records = archive.records();
        assertThat(records).extracting(r -> r.manifest().key()).as("each segment once, oldest first")
                .containsExactly(NAMES.stream().map(n -> "c1/node-a/2026/11/27/" + n).toArray(String[]::new));
        assertThat(Files.readString(dir.resolve("journal/integrity/chain.state"))).contains("next 3\n");
        try (var pending = Files.list(dir.resolve("journal/integrity/pending"))) {
            assertThat(pending).as("every record uploaded").isEmpty();
        }
    }

    @Test
    void aHaltBetweenARecordAndTheChainStateIsRolledForwardAtTheRestart() throws Exception {
        Path log = writeSegments();
        Path archive = dir.resolve("archive");
        Path config = Configs.write(dir, "file:" + archive, null, "integrity.enabled: true", "concurrency: 1");
        halt(config, "integrity-sealed:2");
        assertThat(Files.readString(dir.resolve("journal/integrity/chain.state"))).as("halted before counting seq 1")
                .contains("next 1\n");
        assertThat(dir.resolve("journal/integrity/pending/00000000000000000001" + ChainKeys.MANIFEST_SUFFIX)).exists();

        restartUntilShipped(config, log, () -> ChainArchive.ofFolder(archive));
        assertOneRecordPerSegmentWithoutFork(ChainArchive.ofFolder(archive));
    }

    @Test
    void aHaltBetweenTheUploadsAndTheLedgerUploadsTheSameRecordAgainConfirmedByTheStore() throws Exception {
        Path log = writeSegments();
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            Path config = Configs.write(dir, "s3://" + S3Server.BUCKET, server.endpoint().toString(),
                    "integrity.enabled: true", "concurrency: 1");
            halt(config, "ship-uploaded:2");
            String second = "c1/node-a/2026/11/27/" + NAMES.get(1);
            assertThat(server.keys()).as("segment and manifest of the second uploaded before the halt")
                    .contains(second, ArchiveLayout.DEFAULT.manifestKey(second));
            byte[] manifestBefore = server.bytes(ArchiveLayout.DEFAULT.manifestKey(second));

            restartUntilShipped(config, log, () -> ChainArchive.ofBucket(server, ""));
            ChainArchive archive = ChainArchive.ofBucket(server, "");
            assertOneRecordPerSegmentWithoutFork(archive);
            assertThat(archive.objects().get(ArchiveLayout.DEFAULT.manifestKey(second))).isEqualTo(manifestBefore);
        }
    }
}
