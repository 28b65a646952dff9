package dev.kubeaudit.bench;

import java.net.URI;
import java.nio.file.Path;

/**
 * What {@link LoadGenerator} sends: {@code rate} events/s open-loop (0 = closed-loop, as fast as
 * the connections go), {@code realDir} a folder of real audit logs to replay (null = generated
 * events of exactly {@code eventBytes}), {@code log} the audit.log to watch for end-to-end figures
 * (null = none), {@code warmup} events sent closed-loop in the same JVM before the measured ones
 * and left out of every figure (a cold load generator stalls for seconds), {@code duration} seconds
 * to send for instead of {@code events} (0 = until every event is sent). Immutable.
 */
record LoadOptions(URI uri, long events, int batch, int connections, int eventBytes, long rate,
        Path realDir, Path log, String label, long warmup, long duration) {

    LoadOptions {
        if (events < 1 || batch < 1 || connections < 1 || eventBytes < 400 || rate < 0 || warmup < 0 || duration < 0) {
            throw new IllegalArgumentException("events " + events + ", batch " + batch + ", connections "
                    + connections + ", event-bytes " + eventBytes + ", rate " + rate + ", warmup " + warmup
                    + ", duration " + duration + " (expected: >= 1, >= 1, >= 1, >= 400, >= 0, >= 0, >= 0)");
        }
    }

    static LoadOptions parse(String[] args) {
        URI uri = URI.create("http://127.0.0.1:7777/");
        long events = 1_000_000;
        int batch = 400;
        int connections = 4;
        int eventBytes = 1024;
        long rate = 0;
        Path real = null;
        Path log = null;
        String label = "load";
        long warmup = 0;
        long duration = 0;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--url" -> uri = URI.create(value);
                case "--events" -> events = Long.parseLong(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--event-bytes" -> eventBytes = Integer.parseInt(value);
                case "--rate" -> rate = Long.parseLong(value);
                case "--real" -> real = Path.of(value);
                case "--log" -> log = Path.of(value);
                case "--label" -> label = value;
                case "--warmup" -> warmup = Long.parseLong(value);
                case "--duration" -> duration = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown argument: " + args[i] + " (expected: --url, "
                        + "--events, --batch, --connections, --event-bytes, --rate, --real, --log, --label, --warmup, --duration)");
            }
        }
        return new LoadOptions(uri, events, batch, connections, eventBytes, rate, real, log, label, warmup, duration);
    }

    /** The warm-up run: {@code warmup} events like these, closed-loop, not watched in audit.log. */
    LoadOptions warmupRun() {
        return new LoadOptions(uri, warmup, batch, connections, eventBytes, 0, realDir, null, label + "-warmup", 0, 0);
    }

    /** Batches to send: every event's, or without end when the run is bounded by {@code duration}. */
    long batches() {
        return duration > 0 ? Long.MAX_VALUE : (events + batch - 1) / batch;
    }

    int eventsIn(long b) {
        return duration > 0 ? batch : (int) Math.min(batch, events - b * batch);
    }
}
