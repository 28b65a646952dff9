package dev.kubeaudit.bench;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.agent.logfile.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a folder archive of gzip segments for the search benchmark: the repository's real audit
 * events replayed with fresh auditIDs and times spread evenly over the time before
 * {@code --now} (20 hours of them), every {@code --needle-every}th event by user {@code bench-needle} (the count is
 * printed), at gzip level 1 as the agent compresses by default, under the keys the shipper gives
 * them ({@code --layout default|hive}). Usage:
 * {@code SearchArchive --real DIR --out DIR --gzip-bytes N [--segment-bytes N] [--layout L] [--now T]}.
 * Prints {@code NEEDLES=<n> EVENTS=<n> SEGMENTS=<n> GZIP_BYTES=<n> PLAIN_BYTES=<n>}.
 */
public final class SearchArchive {
    static final String NEEDLE = "bench-needle";

    private final List<EventTemplate> templates;
    private final long needleEvery;

    private SearchArchive(List<byte[]> events, long needleEvery) {
        this.templates = new ArrayList<>();
        for (byte[] event : events) {
            EventTemplate.of(new String(event, StandardCharsets.UTF_8)).ifPresent(templates::add);
        }
        this.needleEvery = needleEvery;
    }

    public static void main(String[] args) throws Exception {
        Path real = Path.of(arg(args, "--real", "testdata/real-audit"));
        Path out = Path.of(arg(args, "--out", null));
        long gzipBytes = Long.parseLong(arg(args, "--gzip-bytes", String.valueOf(2L << 30)));
        long segmentBytes = Long.parseLong(arg(args, "--segment-bytes", String.valueOf(64L << 20)));
        ArchiveLayout layout = ArchiveLayout.named(arg(args, "--layout", "default")).orElseThrow();
        Instant now = Instant.parse(arg(args, "--now", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        long needleEvery = Long.parseLong(arg(args, "--needle-every", "1000"));
        SearchArchive archive = new SearchArchive(EventBodies.realEvents(real), needleEvery);
        archive.write(out, layout, gzipBytes, segmentBytes, now);
    }

    private void write(Path out, ArchiveLayout layout, long gzipBytes, long segmentBytes, Instant now) throws Exception {
        int segments = (int) Math.max(1, gzipBytes / segmentBytes);
        Duration span = Duration.ofHours(20); // ends at --now: a search for the last 24h started within 4h sees every event
        Instant first = now.minus(span);
        AtomicLong needles = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong plain = new AtomicLong();
        AtomicLong gzip = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            Instant from = first.plus(span.multipliedBy(s).dividedBy(segments));
            Instant to = first.plus(span.multipliedBy(s + 1).dividedBy(segments));
            String file = BackupNames.compressed(BackupNames.backupFor(Path.of("audit.log"), to), Compression.GZIP)
                    .getFileName().toString();
            Path target = out.resolve(layout.segmentKey("bench", "cp-1", file, to));
            int index = s;
            done.add(pool.submit(() -> {
                long[] counts = segment(target, index, from, to, segmentBytes);
                events.addAndGet(counts[0]);
                needles.addAndGet(counts[1]);
                plain.addAndGet(counts[2]);
                gzip.addAndGet(counts[3]);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("NEEDLES=%d EVENTS=%d SEGMENTS=%d GZIP_BYTES=%d PLAIN_BYTES=%d%n", needles.get(), events.get(),
                segments, gzip.get(), plain.get());
    }

    /** One segment of about {@code gzipBytes} compressed: {events, needles, plain bytes, gzip bytes}. */
    private long[] segment(Path target, int index, Instant from, Instant to, long gzipBytes) {
        try {
            Files.createDirectories(target.getParent());
            CountingStream counted = new CountingStream(Files.newOutputStream(target));
            long events = 0;
            long needles = 0;
            long plain = 0;
            // Events until the compressed size is reached.
            try (OutputStream gz = new BufferedOutputStream(new GZIPOutputStream(counted, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }, 1 << 16)) {
                long step = Duration.between(from, to).toNanos() / 1_000_000; // about one event per µs at most
                Instant t = from;
                String stamp = EventTemplate.stamp(t);   // formatted when t moves, every 64 events
                while (counted.count < gzipBytes) {
                    long n = (long) index * 100_000_000L + events;
                    boolean needle = needleEvery > 0 && n % needleEvery == 0;
                    byte[] line = templates.get((int) (n % templates.size())).line(n, stamp, needle);
                    gz.write(line);
                    plain += line.length;
                    events++;
                    needles += needle ? 1 : 0;
                    if (events % 64 == 0 && t.plusNanos(step).isBefore(to)) {
                        t = t.plusNanos(step);
                        stamp = EventTemplate.stamp(t);
                    }
                }
            }
            return new long[] {events, needles, plain, counted.count};
        } catch (IOException e) {
            throw new UncheckedIOException("writing segment " + target, e);
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return fallback;
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }
}
