package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import dev.kubeaudit.agent.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentReaderTest {
    @TempDir
    Path dir;

    private static byte[] realLog() throws IOException {
        return Files.readAllBytes(TestData.realAudit().resolve("codenotary-immudb-log-audit-k8s.log"));
    }

    @Test
    void statesTheFactsOfARealAuditLog() throws IOException {
        byte[] log = realLog();
        Path plain = Files.write(dir.resolve("audit-2026-12-05T08-00-00.000.log"), log);
        SegmentFacts f = SegmentReader.read(plain);

        List<String> lines = Arrays.asList(new String(log, StandardCharsets.UTF_8).split("\n"));
        List<byte[]> leaves = new ArrayList<>();
        for (String l : lines) {
            leaves.add(MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(f.lines()).isEqualTo(2971).isEqualTo(lines.size());
        assertThat(f.merkleRoot()).isEqualTo(MerkleTree.root(leaves));
        assertThat(f.storedSize()).isEqualTo(log.length);
        assertThat(f.storedSha256()).isEqualTo(Digests.hex(Digests.sha256(log)));
        assertThat(f.contentSha256()).isEqualTo(f.storedSha256());
        assertThat(f.compression()).isEqualTo("none");
        assertThat(f.firstAuditID()).isEqualTo("d4652481-193e-42f6-9b78-f8651cab5dfe");
        assertThat(lines.get(lines.size() - 1)).contains("\"auditID\":\"" + f.lastAuditID() + "\"");
        assertThat(f.minStageTimestamp()).isEqualTo("2023-03-10T22:38:26.382098Z");
        assertThat(lines).allSatisfy(l -> assertThat(l.substring(l.indexOf("\"stageTimestamp\":\"") + 18))
                .isLessThanOrEqualTo(f.maxStageTimestamp() + "\"}"));
    }

    @Test
    void compressedSegmentsHaveTheContentOfThePlainOneAndTheirOwnStoredDigest() throws IOException {
        byte[] log = realLog();
        SegmentFacts plain = SegmentReader.read(Files.write(dir.resolve("audit-2026-12-05T08-00-00.000.log"), log));
        byte[] gz = gzip(log);
        SegmentFacts g = SegmentReader.read(Files.write(dir.resolve("audit-2026-12-05T08-00-00.000.log.gz"), gz));
        SegmentFacts z = SegmentReader.read(Files.write(dir.resolve("audit-2026-12-05T08-00-00.000.log.zst"),
                zstd(log)));
        for (SegmentFacts f : List.of(g, z)) {
            assertThat(f.contentSha256()).isEqualTo(plain.contentSha256());
            assertThat(f.contentSize()).isEqualTo(plain.contentSize());
            assertThat(f.merkleRoot()).isEqualTo(plain.merkleRoot());
            assertThat(f.lines()).isEqualTo(plain.lines());
            assertThat(f.storedSha256()).isNotEqualTo(plain.storedSha256());
        }
        assertThat(g.compression()).isEqualTo("gzip");
        assertThat(g.storedSha256()).isEqualTo(Digests.hex(Digests.sha256(gz)));
        assertThat(z.compression()).isEqualTo("zstd");
    }

    @Test
    void bytesAfterTheLastGzipMemberAreStoredSoTheyAreHashed() throws IOException {
        byte[] gz = gzip(realLog());
        byte[] appended = Arrays.copyOf(gz, gz.length + 2);
        appended[gz.length] = 'X';
        appended[gz.length + 1] = 'X';
        SegmentFacts clean = SegmentReader.read(Files.write(dir.resolve("a-2026-12-05T08-00-00.000.log.gz"), gz));
        SegmentFacts dirty = SegmentReader.read(Files.write(dir.resolve("b-2026-12-05T08-00-00.000.log.gz"), appended));
        assertThat(dirty.contentSha256()).isEqualTo(clean.contentSha256());   // the decoder drops them silently
        assertThat(dirty.storedSize()).isEqualTo(gz.length + 2);
        assertThat(dirty.storedSha256()).isEqualTo(Digests.hex(Digests.sha256(appended)));
        assertThat(SegmentReader.digest(Files.newInputStream(dir.resolve("b-2026-12-05T08-00-00.000.log.gz"))))
                .isEqualTo(new SegmentReader.StoredDigest(dirty.storedSize(), dirty.storedSha256()));
    }

    @Test
    void linesLongerThanAReadChunkAndALastLineWithoutNewlineAreLines() throws IOException {
        String longLine = "{\"auditID\":\"a\",\"x\":\"" + "y".repeat(600_000) + "\",\"stageTimestamp\":\"2026-12-05T08:00:00.000001Z\"}";
        String text = longLine + "\n\n{\"auditID\":\"b\"}";
        SegmentFacts f = SegmentReader.read(Files.write(dir.resolve("audit-2026-12-05T08-00-00.000.log"),
                text.getBytes(StandardCharsets.UTF_8)));
        assertThat(f.lines()).isEqualTo(3);
        assertThat(f.merkleRoot()).isEqualTo(MerkleTree.root(List.of(
                MerkleTree.leafHash(longLine.getBytes(StandardCharsets.UTF_8)), MerkleTree.leafHash(new byte[0]),
                MerkleTree.leafHash("{\"auditID\":\"b\"}".getBytes(StandardCharsets.UTF_8)))));
        assertThat(f.firstAuditID()).isEqualTo("a");
        assertThat(f.lastAuditID()).isEqualTo("b");
        assertThat(f.minStageTimestamp()).isEqualTo(f.maxStageTimestamp()).isEqualTo("2026-12-05T08:00:00.000001Z");
    }

    @Test
    void readingContentOnlyStatesTheSameHashesWithoutEventFields() throws IOException {
        byte[] gz = gzip(realLog());
        SegmentFacts full = SegmentReader.read(new java.io.ByteArrayInputStream(gz),
                dev.kubeaudit.agent.logfile.Compression.GZIP, SegmentReader.LineVisitor.NONE);
        long[] seen = {0};
        SegmentFacts content = SegmentReader.readContent(new java.io.ByteArrayInputStream(gz),
                dev.kubeaudit.agent.logfile.Compression.GZIP, (index, buf, off, len) -> seen[0]++);
        assertThat(content).isEqualTo(new SegmentFacts(full.storedSize(), full.storedSha256(), full.compression(),
                full.contentSize(), full.contentSha256(), full.lines(), full.merkleRoot(), null, null, null, null));
        assertThat(seen[0]).isEqualTo(full.lines());
    }

    @Test
    void anEmptySegmentHasTheEmptyRoot() throws IOException {
        SegmentFacts f = SegmentReader.read(Files.write(dir.resolve("audit-2026-12-05T08-00-00.000.log"), new byte[0]));
        assertThat(f.lines()).isZero();
        assertThat(f.merkleRoot()).isEqualTo(MerkleTree.emptyRoot());
        assertThat(f.firstAuditID()).isNull();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
