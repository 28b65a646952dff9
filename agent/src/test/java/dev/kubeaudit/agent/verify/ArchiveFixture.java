package dev.kubeaudit.agent.verify;

import com.github.luben.zstd.ZstdOutputStream;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.MerkleTree;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SegmentFacts;
import dev.kubeaudit.agent.integrity.SegmentReader;
import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * Builds one node's archive in a folder the way the agent's sealer lays it out, with the real
 * integrity classes: segments of real audit.log lines (plain, gzip, zstd), their signed manifests
 * chained by seq and prev, gap records, and signed checkpoints over the records so far. Keeps
 * what it wrote so tests can tamper with it by key. Not thread-safe.
 */
final class ArchiveFixture {
    static final List<String> REAL_LINES = realLines();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    /** One record as written. */
    record Written(long seq, String objectKey, String segmentKey, byte[] bytes, Manifest manifest, List<String> lines) {
        String manifestKey() {
            return objectKey;
        }
    }

    final Path root;
    final ChainKeys keys;
    final MutableClock clock;
    private SigningKey key;
    final List<Written> records = new ArrayList<>();
    final List<String> checkpoints = new ArrayList<>();

    ArchiveFixture(Path root, String cluster, String node, SigningKey key, MutableClock clock) {
        this.root = root;
        this.keys = new ChainKeys(cluster, node);
        this.key = key;
        this.clock = clock;
    }

    /** A node of 6 to 10 segments of random real lines and compressions, 5 minutes apart, a checkpoint after each. */
    static ArchiveFixture random(Path root, long seed, SigningKey key, MutableClock clock) throws IOException {
        ArchiveFixture f = new ArchiveFixture(root, "prod", "node-" + seed, key, clock);
        Random random = new Random(seed);
        int n = 6 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            f.segment(Compression.values()[random.nextInt(3)], randomLines(random));
            f.checkpoint();
            clock.advance(Duration.ofMinutes(5));
        }
        return f;
    }

    static List<String> randomLines(Random random) {
        int from = random.nextInt(REAL_LINES.size() - 50);
        return REAL_LINES.subList(from, from + 1 + random.nextInt(40));
    }

    void useKey(SigningKey next) {
        this.key = next;
    }

    String node() {
        return keys.cluster() + "/" + keys.node();
    }

    /** Writes a segment of {@code lines} named for the clock's time, then its manifest. */
    Written segment(Compression compression, List<String> lines) throws IOException {
        return segment(compression, lines, UnaryOperator.identity());
    }

    /** As {@link #segment(Compression, List)}, with {@code edit} changing the manifest before it is sealed. */
    Written segment(Compression compression, List<String> lines, UnaryOperator<Manifest> edit) throws IOException {
        Instant t = clock.instant();
        String name = BackupNames.backupFor(Path.of("audit.log"), t).getFileName() + compression.suffix();
        String segmentKey = keys.nodePrefix() + DAY.format(t) + "/" + name;
        Path file = path(segmentKey);
        Files.createDirectories(file.getParent());
        Files.write(file, compress(compression, content(lines)));
        SegmentFacts facts = SegmentReader.read(file);
        Manifest m = Manifest.segment(keys.origin(), records.size(), prev(), segmentKey, t.plusSeconds(2),
                key.verifierKey().keyIdHex(), t, facts, 100L * records.size(), 100L * records.size() + lines.size() - 1);
        return seal(edit.apply(m), ArchiveLayout.DEFAULT.manifestKey(segmentKey), segmentKey, lines);
    }

    /** Writes a gap record at the clock's time. */
    Written gap(String reason, String detail) throws IOException {
        Instant t = clock.instant();
        String gapKey = keys.gapKey(records.size());
        Manifest m = Manifest.gap(keys.origin(), records.size(), prev(), gapKey, t, key.verifierKey().keyIdHex(),
                new DeclaredGap("gap-" + records.size(), reason, t, detail));
        return seal(m, gapKey, null, List.of());
    }

    private Written seal(Manifest m, String objectKey, String segmentKey, List<String> lines) throws IOException {
        SealedManifest sealed = SealedManifest.seal(m, key);
        write(objectKey, sealed.bytes());
        Written w = new Written(m.seq(), objectKey, segmentKey, sealed.bytes(), m, lines);
        records.add(w);
        return w;
    }

    /** Signs a checkpoint of every record so far at the clock's time plus 3 s; its key. */
    String checkpoint() throws IOException {
        return checkpoint(records.size());
    }

    /** Signs a checkpoint of the first {@code size} records at the clock's time plus 3 s; its key. */
    String checkpoint(int size) throws IOException {
        Instant t = clock.instant().plusSeconds(3);
        return checkpointAt(size, root(size), t);
    }

    /** Signs a checkpoint of {@code size} with {@code root} at {@code t}; its key. */
    String checkpointAt(long size, byte[] root, Instant t) throws IOException {
        byte[] bytes = SignedCheckpoint.create(keys.origin(), size, root, t, key);
        String k = keys.checkpointKey(t, size);
        write(k, bytes);
        checkpoints.add(k);
        return k;
    }

    byte[] root(int size) {
        List<byte[]> leaves = records.stream().limit(size).map(w -> MerkleTree.leafHash(w.bytes())).toList();
        return MerkleTree.root(leaves);
    }

    String prev() {
        return records.isEmpty() ? "" : sha256Hex(records.get(records.size() - 1).bytes());
    }

    Path path(String objectKey) {
        return root.resolve(objectKey);
    }

    void write(String objectKey, byte[] bytes) throws IOException {
        Path p = path(objectKey);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    byte[] read(String objectKey) throws IOException {
        return Files.readAllBytes(path(objectKey));
    }

    void delete(String objectKey) throws IOException {
        Files.delete(path(objectKey));
    }

    void move(String from, String to) throws IOException {
        Files.createDirectories(path(to).getParent());
        Files.move(path(from), path(to));
    }

    Written record(long seq) {
        return records.get((int) seq);
    }

    /** The segment records, in seq order. */
    List<Written> segments() {
        return records.stream().filter(w -> w.segmentKey() != null).toList();
    }

    static byte[] content(List<String> lines) {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] compress(Compression compression, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = switch (compression) {
            case GZIP -> new GZIPOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out);
            case NONE -> out;
        }) {
            c.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String sha256Hex(byte[] bytes) {
        return dev.kubeaudit.agent.integrity.Digests.hex(dev.kubeaudit.agent.integrity.Digests.sha256(bytes));
    }

    private static List<String> realLines() {
        try {
            return Files.readAllLines(TestData.realAudit().resolve("codenotary-immudb-log-audit-k8s.log"),
                    StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
