package dev.kubeaudit.bench.jmh;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compression of a rotated segment: 16 MiB of audit.log lines (the real events of the
 * {@code *.log} files in {@code -Dbench.realAudit}, default {@code testdata/real-audit},
 * repeated; generated ~1 KB events when that folder is missing) encoded as the agent's
 * compressor does (64 KiB chunks, gzip or zstd at the given level) into a counting sink, so the
 * figure is the encoder alone. Segments per second × 16 MiB = MiB/s to compare with the rate at
 * which the writer produces segments.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SegmentCompressionBenchmark {
    private static final int SEGMENT = 16 << 20;
    private static final int CHUNK = 64 * 1024;

    @Param({"gzip-1", "gzip-6", "zstd-1", "zstd-3"})
    public String codec;
    private byte[] segment;

    @Setup
    public void build() throws IOException {
        List<String> real = realLines(Path.of(System.getProperty("bench.realAudit", "testdata/real-audit")));
        segment = new byte[SEGMENT];
        int at = 0;
        for (int i = 0; at < SEGMENT; i++) {
            String event = real.isEmpty()
                    ? "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\"," + BenchFiles.event(i).substring(1)
                    : real.get(i % real.size());
            byte[] line = (event + "\n").getBytes(StandardCharsets.UTF_8);
            int n = Math.min(line.length, SEGMENT - at);
            System.arraycopy(line, 0, segment, at, n);
            at += n;
        }
    }

    private static List<String> realLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                    Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("{")).forEach(lines::add);
                }
            }
        }
        return lines;
    }

    /** 16 MiB segments per second. */
    @Benchmark
    public long compress16MiBSegment() throws IOException {
        Counting sink = new Counting();
        int level = Integer.parseInt(codec.substring(5));
        try (OutputStream out = codec.startsWith("zstd") ? new ZstdOutputStream(sink, level)
                : new GZIPOutputStream(sink, CHUNK) { { def.setLevel(level); } }) {
            for (int off = 0; off < SEGMENT; off += CHUNK) {
                out.write(segment, off, Math.min(CHUNK, SEGMENT - off));
            }
        }
        return sink.bytes;
    }

    /** Counts what it is given. */
    private static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
