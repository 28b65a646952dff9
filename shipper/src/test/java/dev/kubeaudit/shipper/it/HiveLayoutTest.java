package dev.kubeaudit.shipper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.agent.verify.Finding;
import dev.kubeaudit.agent.verify.FindingType;
import dev.kubeaudit.agent.verify.TrustedKey;
import dev.kubeaudit.agent.verify.Verifier;
import dev.kubeaudit.agent.verify.VerifierState;
import dev.kubeaudit.agent.verify.VerifyOptions;
import dev.kubeaudit.agent.verify.VerifyReport;
import dev.kubeaudit.shipper.testing.FolderKeys;
import dev.kubeaudit.shipper.testing.Lockstep;
import dev.kubeaudit.shipper.testing.Lockstep.Shipping;
import dev.kubeaudit.shipper.testing.NodeAgent;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.WritablePrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real agents with {@code ship.layout: hive}: segments keyed {@code cluster=c1/dt=<day>/<node>_<backup>},
 * every integrity object under {@code _integrity/} with the default layout's key; such an archive,
 * in a folder beside a node of the default layout or in S3, verifies clean with no flag saying
 * which layout it is, and a deleted segment or manifest is reported as in the default layout.
 */
class HiveLayoutTest {
    private static final String START = "2026-11-27T23:58:30Z";   // the rotations cross midnight (UTC)
    private static final String HIVE_SEGMENT = "cluster=c1/dt=\\d{4}-\\d{2}-\\d{2}/node-a_audit-[0-9T.-]+\\.log";
    private static final Duration ROTATE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @AfterEach
    void nothingLeftRunning() {
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(10));
    }

    @Test
    void aHiveNodeBesideADefaultNodeInOneFolderVerifiesAndItsDeletionsAreFound() throws Exception {
        MutableClock clock = MutableClock.at(START);
        Path folder = dir.resolve("archive");
        NodeAgent hive = new NodeAgent(dir.resolve("node-a"), "node-a", "file:" + folder, null, clock, hive());
        NodeAgent plain = new NodeAgent(dir.resolve("node-b"), "node-b", "file:" + folder, null, clock,
                "log.rotateInterval: 60s", "integrity.enabled: true");
        Lockstep step = new Lockstep(clock, ROTATE, Duration.ofMinutes(6), List.of(
                new Shipping(hive, () -> FolderKeys.of(folder)), new Shipping(plain, () -> FolderKeys.of(folder))));
        try (hive; plain) {
            step.start("node-a", null);
            step.start("node-b", null);
            for (int i = 0; i < 3; i++) {
                step.rotate(1);
            }
        }
        List<String> keys = FolderKeys.of(folder).stream().sorted().toList();
        List<String> segments = assertHiveKeys(keys, k -> read(folder.resolve(k)));
        assertThat(segments).anyMatch(k -> k.startsWith("cluster=c1/dt=2026-11-27/"))
                .anyMatch(k -> k.startsWith("cluster=c1/dt=2026-11-28/"));
        assertThat(keys).filteredOn(k -> k.contains("node-b")).isNotEmpty().allMatch(k -> k.startsWith("c1/node-b/"));

        List<TrustedKey> trusted = List.of(trusted(hive), trusted(plain));
        VerifyReport clean = verify(Archives.open("file:" + folder, ArchiveOptions.DEFAULTS), trusted, clock);
        assertThat(clean.findings()).as(Expected.text(clean)).isEmpty();
        assertThat(clean.nodes()).extracting(n -> n.node() + " " + n.records() + " " + n.segmentsVerified())
                .containsExactly("c1/node-a 3 3", "c1/node-b 3 3");
        String[] cli = {"verify", "file:" + folder, "--public-key", publicKey(hive).toString(), "--node", "c1/node-a",
                "--now", clock.instant().toString()};
        assertThat(Main.execute(cli)).as(streams.out() + streams.err()).isZero();
        assertThat(streams.out()).contains("c1/node-a: 3 records, 3 of 3 segments verified");

        String gone = segments.get(1);
        String unsealed = segments.get(2);
        Files.delete(folder.resolve(gone));
        Files.delete(folder.resolve(manifestKey(unsealed)));
        VerifyReport damaged = verify(Archives.open("file:" + folder, ArchiveOptions.DEFAULTS), trusted, clock);
        assertThat(damaged.of(FindingType.MISSING)).as(Expected.text(damaged))
                .extracting(f -> f.node() + " " + f.seq() + " " + f.keys())
                .containsExactly("c1/node-a 1 " + List.of(gone, manifestKey(gone)),
                        "c1/node-a 2 " + List.of(manifestKey(unsealed), unsealed));
        assertThat(damaged.of(FindingType.MISSING).get(1).message()).contains("is there without its manifest");
        assertThat(damaged.findings()).extracting(Finding::node).containsOnly("c1/node-a");
        assertThat(Main.execute(cli)).isEqualTo(1);
    }

    @Test
    void aHiveNodeShippingToS3VerifiesAndADeletedSegmentIsMissing() throws Exception {
        MutableClock clock = MutableClock.at(START);
        try (S3Server s3 = S3Server.start(dir.resolve("s3proxy"))) {
            WritablePrefix bucket = new WritablePrefix(s3.client(), S3Server.BUCKET, "prod");
            NodeAgent agent = new NodeAgent(dir.resolve("node-a"), "node-a", bucket.location(), s3.endpoint().toString(),
                    clock, hive());
            Lockstep step = new Lockstep(clock, ROTATE, Duration.ofMinutes(6), List.of(new Shipping(agent, bucket::keys)));
            try (agent) {
                step.start("node-a", null);
                step.rotate(1);
                step.rotate(1);
            }
            List<String> segments = assertHiveKeys(bucket.keys(), bucket::read);
            assertThat(s3.keys()).as("below the destination's prefix").allMatch(k -> k.startsWith("prod/cluster=c1/dt=")
                    || k.startsWith("prod/_integrity/c1/node-a/"));
            ArchiveOptions reach = new ArchiveOptions(s3.endpoint(), "us-east-1", true, 4);
            List<TrustedKey> trusted = List.of(trusted(agent));
            VerifyReport clean = verify(Archives.open(bucket.location(), reach), trusted, clock);
            assertThat(clean.findings()).as(Expected.text(clean)).isEmpty();
            assertThat(clean.nodes()).singleElement().satisfies(n -> assertThat(n.segmentsVerified()).isEqualTo(2));

            bucket.delete(segments.get(0));
            VerifyReport damaged = verify(Archives.open(bucket.location(), reach), trusted, clock);
            assertThat(damaged.findings()).as(Expected.text(damaged)).extracting(f -> f.type() + " " + f.seq() + " " + f.keys())
                    .containsExactly(FindingType.MISSING + " 0 " + List.of(segments.get(0), manifestKey(segments.get(0))));
        }
    }

    @Test
    void aNodeThatShippedInTheDefaultLayoutRefusesToStartInHive() throws Exception {
        MutableClock clock = MutableClock.at(START);
        Path folder = dir.resolve("archive");
        NodeAgent plain = new NodeAgent(dir.resolve("node-a"), "node-a", "file:" + folder, null, clock,
                "log.rotateInterval: 60s", "integrity.enabled: true");
        Lockstep step = new Lockstep(clock, ROTATE, Duration.ofMinutes(6),
                List.of(new Shipping(plain, () -> FolderKeys.of(folder))));
        try (plain) {
            step.start("node-a", null);
            step.rotate(1);
        }
        try (NodeAgent switched = new NodeAgent(dir.resolve("node-a"), "node-a", "file:" + folder, null, clock, hive())) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> switched.start(null)))
                    .hasStackTraceContaining("keys its objects in the default layout, not in the hive layout"
                            + " ship.layout names (expected: ship.layout: default;");
        }
        assertThat(FolderKeys.of(folder)).noneMatch(k -> k.startsWith("cluster=") || k.startsWith("_integrity/"));
    }

    private static String[] hive() {
        return new String[] {"layout: hive", "log.rotateInterval: 60s", "integrity.enabled: true"};
    }

    /**
     * Checks node-a's keys among {@code keys}: hive segments, each with its manifest under
     * _integrity/ naming the segment's key, and checkpoints under _integrity/; returns the segments.
     */
    private static List<String> assertHiveKeys(Collection<String> keys, Function<String, byte[]> read) throws Exception {
        List<String> mine = keys.stream().filter(k -> k.contains("node-a")).sorted().toList();
        List<String> segments = mine.stream().filter(k -> k.startsWith("cluster=")).toList();
        assertThat(segments).isNotEmpty().allMatch(k -> k.matches(HIVE_SEGMENT));
        assertThat(mine).allMatch(k -> k.startsWith("cluster=c1/dt=") || k.startsWith("_integrity/c1/node-a/"));
        assertThat(mine).anyMatch(k -> k.startsWith("_integrity/c1/node-a/integrity/checkpoints/2026/11/2")
                && k.endsWith(".checkpoint"));
        for (String segment : segments) {
            String manifest = manifestKey(segment);
            assertThat(mine).contains(manifest);
            assertThat(SealedManifest.parse(read.apply(manifest)).manifest().key()).isEqualTo(segment);
        }
        return segments;
    }

    /** {@code cluster=c1/dt=2026-11-28/node-a_audit-2026-11-28T00-00-30.000.log} → {@code _integrity/c1/node-a/2026/11/28/audit-….log.manifest}. */
    private static String manifestKey(String segment) {
        String day = segment.substring("cluster=c1/dt=".length(), "cluster=c1/dt=yyyy-MM-dd".length()).replace('-', '/');
        return "_integrity/c1/node-a/" + day + "/" + segment.substring(segment.indexOf("node-a_") + "node-a_".length())
                + ".manifest";
    }

    private static VerifyReport verify(dev.kubeaudit.agent.archive.Archive archive, List<TrustedKey> trusted,
                                       MutableClock clock) throws Exception {
        try (archive) {
            return new Verifier(archive, VerifyOptions.of(trusted), Clock.fixed(clock.instant(), ZoneOffset.UTC))
                    .verify(VerifierState.EMPTY);
        }
    }

    private static TrustedKey trusted(NodeAgent agent) throws Exception {
        return TrustedKey.always(VerifierKey.read(publicKey(agent)));
    }

    private static Path publicKey(NodeAgent agent) {
        return agent.generatedKeyFile().resolveSibling("signing.key.pub");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
