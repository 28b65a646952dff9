package dev.kubeaudit.search.testing;

import com.github.luben.zstd.ZstdOutputStream;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SegmentFacts;
import dev.kubeaudit.agent.integrity.SegmentReader;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.logfile.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A folder archive written directly for a test: segments of given lines under keys of either
 * layout, plain, gzip or zstd, each with a signed manifest (made by the agent's integrity classes
 * from the file itself) or without. Not thread-safe.
 */
public final class TestArchive {
    private static final SigningKey KEY = SigningKey.generate("search-test");

    private final Path root;
    private long seq;

    public TestArchive(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** "file:" and the folder. */
    public String location() {
        return "file:" + root;
    }

    /** Writes a segment of {@code lines} rotated at {@code rotated}, without manifest; returns its key. */
    public String segment(ArchiveLayout layout, String cluster, String node, String rotated, Compression compression,
                          List<String> lines) throws IOException {
        Instant t = Instant.parse(rotated);
        String name = BackupNames.backupFor(Path.of("audit.log"), t).getFileName() + compression.suffix();
        String key = layout.segmentKey(cluster, node, name, t);
        write(key, compress(compression, content(lines)));
        return key;
    }

    /** As {@link #segment}, then its signed manifest beside it (where the layout puts it). */
    public String sealedSegment(ArchiveLayout layout, String cluster, String node, String rotated, Compression compression,
                                List<String> lines) throws IOException {
        String key = segment(layout, cluster, node, rotated, compression, lines);
        SegmentKey parsed = SegmentKey.parse(key).orElseThrow();
        SegmentFacts facts = SegmentReader.read(root.resolve(key));
        Manifest m = Manifest.segment(new ChainKeys(cluster, node).origin(), seq++, "", key,
                parsed.segmentTime().plusSeconds(1), KEY.verifierKey().keyIdHex(), parsed.segmentTime(), facts, null, null);
        write(parsed.manifestKey(), SealedManifest.seal(m, KEY).bytes());
        return key;
    }

    public void write(String key, byte[] bytes) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    public static byte[] content(List<String> lines) {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] compress(Compression compression, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = switch (compression) {
            case GZIP -> new GZIPOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out);
            case NONE -> out;
        }) {
            c.write(content);
        }
        return out.toByteArray();
    }
}
