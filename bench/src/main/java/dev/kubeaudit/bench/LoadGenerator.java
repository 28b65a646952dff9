package dev.kubeaudit.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Sends audit events to a webhook as kube-apiserver's batching backend does: EventList bodies of
 * up to {@code --batch} items, one batch per request, {@code --connections} keep-alive connections,
 * a 429/5xx retried after its Retry-After. Closed-loop (each connection sends its next batch when
 * the last is answered) or open-loop at {@code --rate} events/s, where a batch's latency counts
 * from when it was due, so a stalled server is not hidden (no coordinated omission). Reports
 * events/s and MB/s acknowledged, p50/p99/p99.9 acknowledgement latency (HdrHistogram), answers
 * other than 200 by status, and with {@code --log} end-to-end events/s and lag. The last line is a
 * {@code RESULT key=value ...} summary for scripts.
 *
 * <p>{@code java -cp bench/target/audit-bench.jar dev.kubeaudit.bench.LoadGenerator
 * --url http://127.0.0.1:7777/ --events 1000000 --batch 400 --connections 4 [--rate 50000]
 * [--real testdata/real-audit] [--log ./data/audit.log] [--label name] [--warmup 200000]}
 *
 * <p>Thread-safe: workers share only atomics, adders and the synchronized lag probe.
 */
public final class LoadGenerator {
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(10);
    private final LoadOptions options;
    private final EventBodies bodies;
    private final LagProbe lag;
    private final AtomicLong nextBatch = new AtomicLong();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Histogram latency = new Histogram(MAX_NANOS, 3);
    private final LongAdder requestBytes = new LongAdder();
    private final LongAdder ackedEvents = new LongAdder();
    private long start;

    LoadGenerator(LoadOptions options) {
        this.options = options;
        this.bodies = options.realDir() == null ? EventBodies.generated(options.eventBytes())
                : EventBodies.real(options.realDir());
        this.lag = options.log() == null ? null : new LagProbe(options.log());
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options = LoadOptions.parse(args);
        if (options.warmup() > 0) {
            new LoadGenerator(options.warmupRun()).run(new PrintStream(OutputStream.nullOutputStream()));
            // a script measuring the server (its CPU time, what it forwarded) starts its window here
            System.out.println("WARMED label=" + options.label());
            System.out.flush();
        }
        new LoadGenerator(options).run(System.out);
    }

    /** Sends every event, prints the report; returns the RESULT line. */
    String run(PrintStream out) throws InterruptedException {
        Thread[] workers = new Thread[options.connections()];
        for (int c = 0; c < workers.length; c++) {
            // every body is built before the clock starts; sending only stamps it with its batch number
            EventBodies.Prepared full = bodies.prepare(options.uri(), options.batch(), (long) c * options.batch());
            int rest = (int) (options.events() % options.batch());
            EventBodies.Prepared last = rest == 0 ? full : bodies.prepare(options.uri(), rest, 0);
            workers[c] = new Thread(() -> work(full, last), "load-" + c);
        }
        start = System.nanoTime();
        for (Thread w : workers) {
            w.start();
        }
        while (lag != null && anyAlive(workers)) {
            lag.drain(Long.MAX_VALUE, false);
            Thread.sleep(1);
        }
        for (Thread w : workers) {
            w.join();
        }
        long acked = System.nanoTime() - start;
        long endToEnd = -1;
        if (lag != null && lag.drain(System.nanoTime() + MAX_NANOS, true)) {
            endToEnd = System.nanoTime() - start;
        }
        return report(out, acked, endToEnd);
    }

    private static boolean anyAlive(Thread[] workers) {
        for (Thread w : workers) {
            if (w.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private void work(EventBodies.Prepared full, EventBodies.Prepared last) {
        Histogram mine = new Histogram(MAX_NANOS, 3);
        long batches = options.batches();
        long stopAt = options.duration() == 0 ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(options.duration());
        double nanosPerBatch = options.rate() == 0 ? 0 : 1e9 * options.batch() / options.rate();
        try (PlainConnection connection = new PlainConnection(options.uri())) {
            for (long b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
                EventBodies.Prepared body = options.eventsIn(b) == full.events() ? full : last;
                long due = nanosPerBatch == 0 ? System.nanoTime() : start + (long) (b * nanosPerBatch);
                if (due >= stopAt) {
                    break;
                }
                byte[] request = body.stamp(b);
                for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                    LockSupport.parkNanos(due - now);
                }
                if (!send(connection, request, b)) {
                    break;
                }
                mine.recordValue(Math.min(MAX_NANOS, System.nanoTime() - due));
                requestBytes.add(request.length);
                ackedEvents.add(body.events());
                if (lag != null) {
                    lag.acknowledged(body.lineBytes());
                }
            }
        }
        synchronized (latency) {
            latency.add(mine);
        }
    }

    private boolean send(PlainConnection connection, byte[] request, long b) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            try {
                int status = connection.exchange(request);
                if (status == 200) {
                    return true;
                }
                errors.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
                Thread.sleep(Math.min(connection.retryAfterSeconds(), 5) * 1000);
            } catch (IOException e) {
                errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        throw new IllegalStateException("batch " + b + " not accepted after 1000 attempts");
    }

    private String report(PrintStream out, long ackedNanos, long endToEndNanos) {
        long events = ackedEvents.sum();
        double seconds = ackedNanos / 1e9;
        Map<String, Long> byStatus = new TreeMap<>();
        errors.forEach((k, v) -> byStatus.put(k, v.sum()));
        out.printf(Locale.ROOT, "%s: %d events (%s), batch %d, %d connections, %s%n", options.label(), events,
                options.realDir() == null ? options.eventBytes() + "-byte generated" : bodies.realEvents() + " real, replayed",
                options.batch(), options.connections(),
                options.rate() == 0 ? "closed-loop" : "open-loop at " + options.rate() + " events/s");
        out.printf(Locale.ROOT, "  acknowledged: %.0f events/s, %.1f MB/s of requests, in %.2f s; not 200: %s%n",
                events / seconds, requestBytes.sum() / 1e6 / seconds, seconds, byStatus);
        out.printf(Locale.ROOT, "  ack latency per batch: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                ms(latency, 50), ms(latency, 99), ms(latency, 99.9), latency.getMaxValue() / 1e6);
        double e2e = endToEndNanos > 0 ? events / (endToEndNanos / 1e9) : 0;
        if (lag != null) {
            Histogram l = lag.histogram();
            out.printf(Locale.ROOT, "  end-to-end: %.0f events/s; lag ack -> audit.log p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    e2e, ms(l, 50), ms(l, 99), l.getMaxValue() / 1e6);
        }
        String result = String.format(Locale.ROOT, "RESULT label=%s acked_eps=%.0f mbps=%.1f p50_ms=%.2f p99_ms=%.2f "
                + "p999_ms=%.2f max_ms=%.2f e2e_eps=%.0f lag_p99_ms=%.1f not200=%d", options.label(), events / seconds,
                requestBytes.sum() / 1e6 / seconds, ms(latency, 50), ms(latency, 99), ms(latency, 99.9),
                latency.getMaxValue() / 1e6, e2e, lag == null ? 0 : ms(lag.histogram(), 99),
                byStatus.values().stream().mapToLong(Long::longValue).sum());
        out.println(result);
        return result;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }
}
