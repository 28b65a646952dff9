package dev.kubeaudit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * EventList request bodies as kube-apiserver's batching webhook sends them: generated events of an
 * exact audit.log line length, or real events (the compact one-event-per-line {@code *.log} files
 * of a folder) replayed in turn. Each body carries a random run number and its batch number in the
 * list's metadata (generated events carry the run number in their auditID too), so no two bodies
 * are equal, not even across runs, and the agent's re-send de-duplication never drops one.
 * Thread-safe: immutable after construction.
 */
final class EventBodies {
    private static final String EVENT_PREFIX = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",";
    private final int eventBytes;
    private final List<byte[]> real;
    private final int run = ThreadLocalRandom.current().nextInt(1 << 16);

    private EventBodies(int eventBytes, List<byte[]> real) {
        this.eventBytes = eventBytes;
        this.real = real;
    }

    static EventBodies generated(int eventBytes) {
        return new EventBodies(eventBytes, List.of());
    }

    static EventBodies real(Path dir) {
        return new EventBodies(0, realEvents(dir));
    }

    /** The compact one-line events of the {@code *.log} files in {@code dir}, in file order. */
    static List<byte[]> realEvents(Path dir) {
        List<byte[]> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.startsWith(EVENT_PREFIX) && line.indexOf('\t') < 0) {
                        events.add(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading real audit events in " + dir, e);
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("real: " + dir + " (expected: *.log files of audit.k8s.io/v1 events)");
        }
        return List.copyOf(events);
    }

    int realEvents() {
        return real.size();
    }

    /** The EventList body of batch {@code b} with {@code n} events starting at event {@code first}. */
    Body body(long b, long first, int n) {
        StringBuilder sb = new StringBuilder(n * 1100 + 128);
        sb.append("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{\"resourceVersion\":\"")
                .append(run).append('-').append(b).append("\"},\"items\":[");
        long lineBytes = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String event = real.isEmpty() ? generated(first + i)
                    : new String(real.get((int) ((first + i) % real.size())), StandardCharsets.UTF_8);
            sb.append(event);
            lineBytes += real.isEmpty() ? eventBytes + 1L : event.getBytes(StandardCharsets.UTF_8).length + 1L;
        }
        return new Body(sb.append("]}\n").toString().getBytes(StandardCharsets.UTF_8), lineBytes);
    }

    private String generated(long id) {
        String head = "{\"level\":\"Metadata\",\"auditID\":\"" + String.format(Locale.ROOT, "%016x-%04x", id, run)
                + "-4000-8000-000000000000\",\"stage\":\"ResponseComplete\","
                + "\"requestURI\":\"/api/v1/namespaces/kube-system/configmaps/kube-proxy\",\"verb\":\"get\","
                + "\"user\":{\"username\":\"system:serviceaccount:kube-system:kube-proxy\","
                + "\"groups\":[\"system:serviceaccounts\",\"system:authenticated\"]},\"sourceIPs\":[\"10.0.0.7\"],"
                + "\"userAgent\":\"kube-proxy/v1.36.0 (linux/amd64)\",\"objectRef\":{\"resource\":\"configmaps\","
                + "\"namespace\":\"kube-system\",\"name\":\"kube-proxy\",\"apiVersion\":\"v1\"},"
                + "\"responseStatus\":{\"metadata\":{},\"code\":200},"
                + "\"requestReceivedTimestamp\":\"2026-11-27T05:00:00.000000Z\","
                + "\"stageTimestamp\":\"2026-11-27T05:00:00.001000Z\",\"annotations\":{\"pad\":\"";
        String tail = "\"}}";
        // audit.log line = {"kind":"Event","apiVersion":"audit.k8s.io/v1", + the item without its "{"
        int pad = Math.max(0, eventBytes - (EVENT_PREFIX.length() - 1) - head.length() - tail.length());
        return head + "p".repeat(pad) + tail;
    }

    /** A request body and the audit.log bytes (lines with newlines) its events become. */
    record Body(byte[] bytes, long lineBytes) {
    }
}
