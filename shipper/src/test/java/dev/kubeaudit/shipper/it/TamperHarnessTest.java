package dev.kubeaudit.shipper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.SegmentReader;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.ProofByHand;
import dev.kubeaudit.agent.verify.EventSearch;
import dev.kubeaudit.agent.verify.FindingType;
import dev.kubeaudit.agent.verify.Severity;
import dev.kubeaudit.agent.verify.TrustedKey;
import dev.kubeaudit.agent.verify.Verifier;
import dev.kubeaudit.agent.verify.VerifierState;
import dev.kubeaudit.agent.verify.VerifyOptions;
import dev.kubeaudit.agent.verify.VerifyReport;
import dev.kubeaudit.shipper.testing.ArchiveIndex;
import dev.kubeaudit.shipper.testing.ArchiveIndex.CheckpointObject;
import dev.kubeaudit.shipper.testing.ArchiveIndex.NodeChain;
import dev.kubeaudit.shipper.testing.ArchiveIndex.RecordObject;
import dev.kubeaudit.shipper.testing.ChainArchive;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.WritableArchive;
import dev.kubeaudit.shipper.testing.WritableFolder;
import dev.kubeaudit.shipper.testing.WritablePrefix;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tamper harness over archives real agents wrote ({@link RealArchives}: two nodes, gzip and
 * plain segments, rotations across midnight, idle periods, clean and unclean restarts, a key
 * rotation, a restart on a clock set back), in a folder and in s3proxy. Clean, each verifies with nothing but the declared
 * unclean stops, alike from the folder, from S3 and from a downloaded copy of the bucket. Then,
 * seed by seed, each tampering is applied to a fresh copy and the verification must give exactly
 * the findings docs/verify.md names for it, with the exact records and keys, and nothing else.
 * The seed is in every assertion message and printed: {@link #random(long)} of it replays a tampering.
 */
class TamperHarnessTest {
    private static final int FOLDER_SEEDS = 20;
    private static final int BUCKET_SEEDS = 3;
    private static final Duration MAX_STALENESS = VerifyOptions.DEFAULT_MAX_STALENESS;
    private static final SigningKey STRANGER = SigningKey.generate(RealArchives.ORIGIN_A);
    private static final AtomicInteger COPIES = new AtomicInteger();

    @TempDir
    static Path dir;
    static S3Server s3;
    static RealArchives archives;
    static Path bucketCopy;
    static ArchiveIndex folderIndex;
    static ArchiveIndex bucketIndex;
    static VerifierState folderState;
    static VerifierState bucketState;

    @BeforeAll
    static void produce() throws Exception {
        s3 = S3Server.start(dir.resolve("s3proxy"));
        archives = RealArchives.produce(dir, s3);
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(10));
        bucketCopy = dir.resolve("bucket-copy");
        archives.bucket().download(bucketCopy);
        folderIndex = ArchiveIndex.of(ChainArchive.ofFolder(archives.folder()));
        bucketIndex = ArchiveIndex.of(ChainArchive.ofFolder(bucketCopy));
        Path stateFile = dir.resolve("verify-state.json");
        VerifierState.EMPTY.with(verify("file:" + archives.folder(), options(archives.folderSigners()),
                archives.end(), VerifierState.EMPTY).newest()).write(stateFile);
        folderState = VerifierState.read(stateFile);
        bucketState = VerifierState.EMPTY.with(verify(archives.bucket().location(), options(archives.bucketSigners()),
                archives.end(), VerifierState.EMPTY).newest());
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    static VerifyOptions options(Signers signers) {
        return VerifyOptions.of(signers.trusted()).withParallel(4);
    }

    static VerifyReport verify(String location, VerifyOptions options, Instant now, VerifierState state)
            throws Exception {
        ArchiveOptions reach = location.startsWith("s3://")
                ? new ArchiveOptions(s3.endpoint(), "us-east-1", true, ArchiveOptions.DEFAULT_CONCURRENCY)
                : ArchiveOptions.DEFAULTS;
        try (Archive archive = Archives.open(location, reach)) {
            return new Verifier(archive, options, Clock.fixed(now, ZoneOffset.UTC)).verify(state);
        }
    }

    @Test
    void theArchivesHoldWhatTheHarnessIsAbout() {
        for (ArchiveIndex index : List.of(folderIndex, bucketIndex)) {
            NodeChain a = index.node("c1/node-a");
            NodeChain b = index.node("c1/node-b");
            assertThat(a.segments()).hasSize(7).allMatch(r -> r.segmentKey().endsWith(".log.gz"));
            assertThat(b.segments()).hasSize(7).allMatch(r -> r.segmentKey().endsWith(".log"));
            for (NodeChain n : List.of(a, b)) {
                assertThat(n.gaps()).as(n.node()).singleElement()
                        .satisfies(g -> assertThat(g.manifest().gap().reason()).isEqualTo(DeclaredGap.UNCLEAN_STOP));
                assertThat(n.segments()).as(n.node() + ": segments on both days")
                        .anyMatch(r -> r.segmentKey().contains("/2026/11/27/"))
                        .anyMatch(r -> r.segmentKey().contains("/2026/11/28/"));
                assertThat(n.checkpoints().stream().map(CheckpointObject::size).distinct().count())
                        .as(n.node() + ": idle checkpoints repeat a size").isLessThan(n.checkpoints().size());
                assertThat(n.newest().time()).isEqualTo(archives.end());
            }
            assertThat(a.records()).as("node-a: a record sealed before a checkpoint that does not cover it: the"
                    + " restart on a clock set back").anyMatch(r -> a.checkpoints().stream()
                    .anyMatch(c -> c.size() <= r.seq() && c.time().isAfter(r.manifest().sealed())));
            assertThat(a.records().stream().map(r -> r.manifest().keyId()).distinct()).as("node-a: two keys")
                    .hasSize(2);
            assertThat(a.records()).allMatch(r -> r.manifest().keyId().equals(archives.folderSigners()
                    .at("c1/node-a", r.manifest().sealed()).verifierKey().keyIdHex()));
        }
    }

    @Test
    void eachArchiveVerifiesCleanAndAlikeFromTheFolderFromS3AndFromADownloadedCopy() throws Exception {
        for (boolean deep : List.of(false, true)) {
            VerifyReport folder = verify("file:" + archives.folder(), options(archives.folderSigners()).withDeep(deep),
                    archives.end(), VerifierState.EMPTY);
            VerifyReport bucket = verify(archives.bucket().location(),
                    options(archives.bucketSigners()).withDeep(deep), archives.end(), VerifierState.EMPTY);
            VerifyReport copy = verify("file:" + bucketCopy, options(archives.bucketSigners()).withDeep(deep),
                    archives.end(), VerifierState.EMPTY);
            List<String> gaps = List.of(gap(folderIndex, "c1/node-a"), gap(folderIndex, "c1/node-b"));
            assertThat(Expected.of(folder)).as("deep %s: %s", deep, Expected.text(folder)).isEqualTo(gaps);
            assertThat(new Expected(folderIndex, archives.end(), MAX_STALENESS).findings()).isEqualTo(gaps);
            assertThat(folder.exitCode()).isZero();
            assertThat(Expected.of(bucket)).as("deep %s: %s", deep, Expected.text(bucket)).isEqualTo(gaps);
            assertThat(copy.findings()).as("deep %s", deep).isEqualTo(bucket.findings());
            assertThat(copy.nodes()).as("deep %s", deep).isEqualTo(bucket.nodes());
            assertThat(bucket.nodes()).as("deep %s: the same agents' steps on the same clock", deep)
                    .isEqualTo(folder.nodes());
            assertThat(folder.nodes()).allSatisfy(n -> {
                assertThat(n.records()).isEqualTo(8);
                assertThat(n.segmentsVerified()).isEqualTo(7);
                assertThat(n.events()).isEqualTo(7 * 2 * 5);
                assertThat(n.checkpointSize()).isEqualTo(8);
            });
        }
    }

    private static String gap(ArchiveIndex index, String node) {
        RecordObject g = index.node(node).gaps().get(0);
        return Expected.brief(FindingType.DECLARED_GAP, Severity.WARNING, node, g.seq(),
                List.of(g.objectKey()));
    }

    /**
     * {@code verify --event} on the real archives, from the folder and from S3: for an event of
     * every segment of both nodes (gzip and plain, both keys of the rotation), the proof checks out
     * by hand (ProofByHand: the JDK's SHA-256 and Ed25519 only).
     */
    @Test
    void anEventOfEverySegmentIsProvenUpToASignedCheckpointAndTheProofChecksOutByHand() throws Exception {
        Random random = new Random(7);
        for (String location : List.of("file:" + archives.folder(), archives.bucket().location())) {
            boolean s3Location = location.startsWith("s3://");
            Signers signers = s3Location ? archives.bucketSigners() : archives.folderSigners();
            ArchiveOptions reach = s3Location
                    ? new ArchiveOptions(s3.endpoint(), "us-east-1", true, ArchiveOptions.DEFAULT_CONCURRENCY)
                    : ArchiveOptions.DEFAULTS;
            try (Archive archive = Archives.open(location, reach)) {
                for (String node : List.of("c1/node-a", "c1/node-b")) {
                    byte[][] keys = signers.trusted().stream().map(t -> t.key().raw()).toArray(byte[][]::new);
                    ArchiveIndex index = s3Location ? bucketIndex : folderIndex;
                    Path copy = s3Location ? bucketCopy : archives.folder();
                    for (RecordObject segment : index.node(node).segments()) {
                        List<String> lines = lines(copy.resolve(segment.segmentKey()));
                        String line = lines.get(random.nextInt(lines.size()));
                        String auditID = line.substring(line.indexOf("\"auditID\":\"") + 11);
                        auditID = auditID.substring(0, auditID.indexOf('"'));
                        EventSearch.Outcome outcome = new EventSearch(archive, options(signers)).find(auditID);
                        assertThat(outcome.exitCode()).as("%s %s %s: %s", location, node, auditID, outcome.message())
                                .isZero();
                        ProofByHand.check(outcome.proof().toJson(), auditID, line, node, keys);
                    }
                }
            }
        }
    }

    private static List<String> lines(Path segment) throws Exception {
        List<String> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(segment)) {
            SegmentReader.read(in, SegmentReader.compressionOf(segment.getFileName().toString()),
                    (index, buf, off, len) -> lines.add(new String(buf, off, len, StandardCharsets.UTF_8)));
        }
        return lines;
    }

    @Test
    void aKeyRotationVerifiesCleanInItsWindowsAndWithoutTheOldKeyItsObjectsAreUnknown() throws Exception {
        Path oldKey = dir.resolve("keys/node-a-1.key.pub");
        Path newKey = dir.resolve("keys/node-a-2.key.pub");
        String t = archives.rotation().toString();
        TrustedKey nodeB = archives.folderSigners().trusted().get(2);
        List<TrustedKey> windows = List.of(TrustedKey.parse(oldKey + "@.." + t), TrustedKey.parse(newKey + "@" + t + ".."),
                nodeB);
        Expected clean = new Expected(folderIndex, archives.end(), MAX_STALENESS);
        VerifyReport r = verify("file:" + archives.folder(), VerifyOptions.of(windows), archives.end(),
                VerifierState.EMPTY);
        assertThat(Expected.of(r)).as(Expected.text(r)).isEqualTo(clean.findings());

        List<TrustedKey> onlyNew = List.of(TrustedKey.always(TrustedKey.parse(newKey.toString()).key()), nodeB);
        Expected unknown = oldKeysObjectsUnknown(new Expected(folderIndex, archives.end(), MAX_STALENESS), true);
        r = verify("file:" + archives.folder(), VerifyOptions.of(onlyNew), archives.end(), VerifierState.EMPTY);
        assertThat(Expected.of(r)).as(Expected.text(r)).isEqualTo(unknown.findings());
        assertThat(r.of(FindingType.UNKNOWN_KEY)).hasSizeGreaterThan(5);

        List<TrustedKey> swapped = List.of(TrustedKey.parse(oldKey + "@" + t + ".."),
                TrustedKey.parse(newKey + "@.." + t), nodeB);
        Expected outside = oldKeysObjectsUnknown(new Expected(folderIndex, archives.end(), MAX_STALENESS), false);
        r = verify("file:" + archives.folder(), VerifyOptions.of(swapped), archives.end(), VerifierState.EMPTY);
        assertThat(Expected.of(r)).as(Expected.text(r)).isEqualTo(outside.findings());
    }

    /** node-a's records and checkpoints signed before the rotation (or, {@code oldOnly} false, all of them) UNKNOWN_KEY. */
    private static Expected oldKeysObjectsUnknown(Expected e, boolean oldOnly) {
        NodeChain a = folderIndex.node("c1/node-a");
        for (RecordObject r : a.records()) {
            if (!oldOnly || r.manifest().sealed().isBefore(archives.rotation())) {
                e.failure(FindingType.UNKNOWN_KEY, a.node(), r.seq(), r.objectKey());
            }
        }
        for (CheckpointObject c : a.checkpoints()) {
            if (!oldOnly || c.time().isBefore(archives.rotation())) {
                e.checkpointUntrusted(a.node(), c.key()).failure(FindingType.UNKNOWN_KEY, a.node(), null, c.key());
            }
        }
        return e;
    }

    @ParameterizedTest
    @EnumSource(SegmentTampering.class)
    void segmentTamperingsInAFolderAreFoundNamingTheirObjects(SegmentTampering tampering) throws Exception {
        runSeeds(tampering, false);
    }

    @ParameterizedTest
    @EnumSource(RecordTampering.class)
    void recordAndCheckpointTamperingsInAFolderAreFoundNamingTheirObjects(RecordTampering tampering)
            throws Exception {
        runSeeds(tampering, false);
    }

    @ParameterizedTest
    @EnumSource(CheckpointTampering.class)
    void checkpointAndTailTamperingsInAFolderAreFoundNamingTheirObjects(CheckpointTampering tampering)
            throws Exception {
        runSeeds(tampering, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETED_SEGMENT", "MODIFIED_SEGMENT", "APPENDED_DATA", "INJECTED_OBJECT",
            "DELETED_MANIFEST"})
    void tamperingsThroughTheS3ApiAreFoundInTheBucketAndInADownloadedCopyAlike(String name) throws Exception {
        runSeeds(name.equals("DELETED_MANIFEST") ? RecordTampering.valueOf(name) : SegmentTampering.valueOf(name),
                true);
    }

    private void runSeeds(Tampering tampering, boolean inBucket) throws Exception {
        SoftAssertions softly = new SoftAssertions();
        int seeds = inBucket ? BUCKET_SEEDS : FOLDER_SEEDS;
        Signers signers = inBucket ? archives.bucketSigners() : archives.folderSigners();
        for (long seed = 1; seed <= seeds; seed++) {
            int n = COPIES.incrementAndGet();
            WritableArchive target = inBucket ? freshPrefix(n) : WritableFolder.linkCopy(archives.folder(),
                    dir.resolve("tampered-" + n));
            TamperContext c = new TamperContext(seed, inBucket ? bucketIndex : folderIndex, target, random(seed),
                    signers, STRANGER, archives.end(), MAX_STALENESS, inBucket ? bucketState : folderState, !inBucket);
            Expected e = tampering.apply(c);
            VerifyOptions o = options(signers).withNodes(e.nodes()).withDeep(seed % 2 == 0)
                    .withParallel(1 + (int) (seed % 4));
            VerifyReport r = verify(target.location(), o, e.now(), e.state());
            String what = tampering.name() + (inBucket ? " in S3" : "") + ", seed " + seed;
            System.out.println(what + ": " + Expected.of(r));
            softly.assertThat(Expected.of(r)).as("%s:%n%s", what, Expected.text(r)).isEqualTo(e.findings());
            softly.assertThat(r.exitCode()).as("%s: exit status", what).isEqualTo(e.exitCode());
            if (inBucket) {
                Path copy = dir.resolve("tampered-copy-" + n);
                ((WritablePrefix) target).download(copy);
                VerifyReport local = verify("file:" + copy, o, e.now(), e.state());
                softly.assertThat(local.findings()).as("%s: the downloaded copy", what).isEqualTo(r.findings());
                softly.assertThat(local.nodes()).as("%s: the downloaded copy", what).isEqualTo(r.nodes());
            }
        }
        softly.assertAll();
    }

    /**
     * The random source of a seed: {@code Random}'s first draws from nearby seeds are alike (seeds
     * 1 to 20 would all pick the same node first), so the seed is spread out first.
     */
    static Random random(long seed) {
        return new Random(new SplittableRandom(seed).nextLong());
    }

    /** The clean bucket archive under a prefix of its own. */
    private static WritablePrefix freshPrefix(int n) throws Exception {
        WritablePrefix prefix = new WritablePrefix(s3.client(), S3Server.BUCKET, "tampered-" + n);
        prefix.upload(bucketCopy, 8);
        return prefix;
    }
}
