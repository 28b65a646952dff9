package dev.kubeaudit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * EventList requests as kube-apiserver's batching webhook sends them, built before any clock
 * starts: generated events of an exact audit.log line length, or real events (the compact
 * one-event-per-line {@code *.log} files of a folder). A {@link Prepared} request is stamped with
 * its batch number before each send, in place: the number goes into the list's metadata (after a
 * random run number) and, for generated events, into every auditID, so no two bodies are equal, not
 * even across runs, and the agent's re-send de-duplication never drops one. Thread-safe: immutable
 * after construction; each {@link Prepared} belongs to one sending thread.
 */
final class EventBodies {
    private static final String EVENT_PREFIX = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",";
    private static final String STAMP = "0000000000000000";
    private static final String ID_HEAD = "{\"level\":\"Metadata\",\"auditID\":\"";
    private static final int AUDIT_ID_AT = ID_HEAD.length();
    private final int eventBytes;
    private final List<byte[]> real;
    private final int run = ThreadLocalRandom.current().nextInt(1 << 12);

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

    /**
     * A POST to {@code uri} of {@code n} events; real events start at event {@code first} of the
     * folder (in turn). Stamp it before each send.
     */
    Prepared prepare(URI uri, int n, long first) {
        StringBuilder sb = new StringBuilder(n * (eventBytes + 64) + 256);
        sb.append("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{\"resourceVersion\":\"")
                .append(run).append('-');
        List<Integer> stamps = new ArrayList<>(n + 1);
        stamps.add(sb.length());
        sb.append(STAMP).append("\"},\"items\":[");
        long lineBytes = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (real.isEmpty()) {
                stamps.add(sb.length() + AUDIT_ID_AT);
                sb.append(event(i));
                lineBytes += eventBytes + 1L;
            } else {
                byte[] event = real.get((int) ((first + i) % real.size()));
                sb.append(new String(event, StandardCharsets.UTF_8));
                lineBytes += event.length + 1L;
            }
        }
        byte[] body = sb.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        // every stamp is ASCII before it, so its char index in the body is its byte index
        int[] at = stamps.stream().mapToInt(s -> s + head.length).toArray();
        return new Prepared(request, at, n, lineBytes);
    }

    private String event(int i) {
        String head = ID_HEAD + STAMP + String.format(Locale.ROOT, "-%04x-4%03x", i, run)
                + "-8000-000000000000\",\"stage\":\"ResponseComplete\","
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

    /**
     * One whole request (head and body) with the places its batch number is written to; {@code
     * lineBytes} is what its events become in audit.log, newlines included. Not thread-safe.
     */
    static final class Prepared {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private final byte[] request;
        private final int[] stamps;
        private final int events;
        private final long lineBytes;

        private Prepared(byte[] request, int[] stamps, int events, long lineBytes) {
            this.request = request;
            this.stamps = stamps;
            this.events = events;
            this.lineBytes = lineBytes;
        }

        /** Writes {@code batch} as 16 hex digits into every stamp; returns the request. Allocates nothing. */
        byte[] stamp(long batch) {
            for (int at : stamps) {
                for (int d = 0; d < 16; d++) {
                    request[at + d] = HEX[(int) (batch >>> (60 - 4 * d)) & 0xf];
                }
            }
            return request;
        }

        int events() {
            return events;
        }

        long lineBytes() {
            return lineBytes;
        }
    }
}
