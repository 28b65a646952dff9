package dev.kubeaudit.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends generated audit events to the agent as kube-apiserver's webhook does: EventList batches
 * of up to 400 items, one batch per request, several connections at once, a 429/5xx retried after
 * its Retry-After. Prints events/s acknowledged, p50/p99 acknowledgement latency and, with
 * {@code --log}, events/s end-to-end (until audit.log holds every line).
 *
 * <p>{@code java -cp bench/target/audit-bench.jar dev.kubeaudit.bench.LoadGenerator
 * --url http://127.0.0.1:7777/ --events 1000000 --batch 400 --connections 4 --event-bytes 1024
 * --log ./data/audit.log}
 */
public final class LoadGenerator {
    private final URI uri;
    private final long events;
    private final int batch;
    private final int connections;
    private final int eventBytes;
    private final Path log;
    private final AtomicLong nextBatch = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final long[] latencies;

    private LoadGenerator(URI uri, long events, int batch, int connections, int eventBytes, Path log) {
        this.uri = uri;
        this.events = events;
        this.batch = batch;
        this.connections = connections;
        this.eventBytes = eventBytes;
        this.log = log;
        this.latencies = new long[(int) ((events + batch - 1) / batch)];
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create("http://127.0.0.1:7777/");
        long events = 1_000_000;
        int batch = 400;
        int connections = 4;
        int eventBytes = 1024;
        Path log = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--url" -> uri = URI.create(value);
                case "--events" -> events = Long.parseLong(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--event-bytes" -> eventBytes = Integer.parseInt(value);
                case "--log" -> log = Path.of(value);
                default -> {
                    System.err.println("unknown argument: " + args[i]
                            + " (expected: --url, --events, --batch, --connections, --event-bytes, --log)");
                    System.exit(2);
                }
            }
            i++;
        }
        new LoadGenerator(uri, events, batch, connections, eventBytes, log).run();
    }

    private void run() throws Exception {
        long logStart = log != null ? logBytes() : 0;
        long start = System.nanoTime();
        Thread[] workers = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            workers[c] = new Thread(this::work, "load-" + c);
            workers[c].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        long acked = System.nanoTime() - start;
        long endToEnd = -1;
        if (log != null) {
            long expectedBytes = logStart + events * (eventBytes + 1L);
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline && logBytes() < expectedBytes) {
                Thread.sleep(5);
            }
            endToEnd = System.nanoTime() - start;
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "events=%d batch=%d connections=%d eventBytes=%d retries=%d%n",
                events, batch, connections, eventBytes, retries.get());
        System.out.printf(Locale.ROOT, "acknowledged: %.0f events/s (%.1f MB/s) in %.2f s%n",
                events / seconds(acked), events * (double) eventBytes / 1e6 / seconds(acked), seconds(acked));
        System.out.printf(Locale.ROOT, "ack latency per batch: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
        if (endToEnd > 0) {
            System.out.printf(Locale.ROOT, "end-to-end (in audit.log): %.0f events/s in %.2f s%n",
                    events / seconds(endToEnd), seconds(endToEnd));
        }
    }

    /** Bytes in audit.log and its uncompressed backups (the benchmark runs without compression). */
    private long logBytes() throws IOException {
        String name = log.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Path dir = log.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stem + "*")) {
            for (Path f : files) {
                try {
                    total += Files.size(f);
                } catch (NoSuchFileException e) {
                    // rotated away between listing and reading: counted under its new name next time
                }
            }
        }
        return total;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private void work() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long batches = latencies.length;
        for (long b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
            long first = b * batch;
            int n = (int) Math.min(batch, events - first);
            byte[] body = body(first, n);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long sent = System.nanoTime();
            send(client, request, b);
            latencies[(int) b] = System.nanoTime() - sent;
        }
    }

    private void send(HttpClient client, HttpRequest request, long b) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                retries.incrementAndGet();
                long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(Math.min(wait, 5) * 1000);
            } catch (IOException e) {
                retries.incrementAndGet();
                sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("batch " + b + " not accepted after 1000 attempts");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A batch of n events, each exactly {@code eventBytes} long as an audit.log line without its newline. */
    private byte[] body(long first, int n) {
        StringBuilder sb = new StringBuilder(n * (eventBytes + 16));
        sb.append("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(event(first + i));
        }
        return sb.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private String event(long id) {
        String head = "{\"level\":\"Metadata\",\"auditID\":\"" + String.format(Locale.ROOT, "%016x", id)
                + "-0000-4000-8000-000000000000\",\"stage\":\"ResponseComplete\","
                + "\"requestURI\":\"/api/v1/namespaces/kube-system/configmaps/kube-proxy\",\"verb\":\"get\","
                + "\"user\":{\"username\":\"system:serviceaccount:kube-system:kube-proxy\","
                + "\"groups\":[\"system:serviceaccounts\",\"system:authenticated\"]},\"sourceIPs\":[\"10.0.0.7\"],"
                + "\"userAgent\":\"kube-proxy/v1.36.0 (linux/amd64)\",\"objectRef\":{\"resource\":\"configmaps\","
                + "\"namespace\":\"kube-system\",\"name\":\"kube-proxy\",\"apiVersion\":\"v1\"},"
                + "\"responseStatus\":{\"metadata\":{},\"code\":200},"
                + "\"requestReceivedTimestamp\":\"2026-11-27T05:00:00.000000Z\","
                + "\"stageTimestamp\":\"2026-11-27T05:00:00.001000Z\",\"annotations\":{\"pad\":\"";
        String tail = "\"}}";
        // audit.log line = {"kind":"Event","apiVersion":"audit.k8s.io/v1", + item without its "{"
        int prefix = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",".length() - 1;
        int pad = Math.max(0, eventBytes - prefix - head.length() - tail.length());
        return head + "p".repeat(pad) + tail;
    }
}
