package dev.kubeaudit.bench.jmh;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BadEventListException;
import dev.kubeaudit.agent.ingest.EventListParser;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** Shared inputs of the hot-path benchmarks: one 400-event EventList of ~1 KB events, temp folders. */
final class BenchFiles {
    private BenchFiles() {
    }

    /** A 400-event EventList body; each item becomes an audit.log line of about 1 KB. */
    static byte[] eventList() {
        StringBuilder sb = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
        for (int i = 0; i < 400; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(event(i));
        }
        return sb.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String event(int i) {
        return "{\"level\":\"Metadata\",\"auditID\":\"" + String.format("%08d", i)
                + "-0000-4000-8000-000000000000\",\"stage\":\"ResponseComplete\","
                + "\"requestURI\":\"/api/v1/namespaces/kube-system/configmaps/kube-proxy\",\"verb\":\"get\","
                + "\"user\":{\"username\":\"system:serviceaccount:kube-system:kube-proxy\","
                + "\"groups\":[\"system:serviceaccounts\",\"system:authenticated\"]},"
                + "\"sourceIPs\":[\"10.0.0.7\"],\"userAgent\":\"kube-proxy/v1.36.0 (linux/amd64)\","
                + "\"objectRef\":{\"resource\":\"configmaps\",\"namespace\":\"kube-system\",\"name\":\"kube-proxy\","
                + "\"apiVersion\":\"v1\"},\"responseStatus\":{\"metadata\":{},\"code\":200},"
                + "\"annotations\":{\"pad\":\"" + "p".repeat(400) + "\"},"
                + "\"requestReceivedTimestamp\":\"2026-11-27T05:00:00.000000Z\","
                + "\"stageTimestamp\":\"2026-11-27T05:00:00.001000Z\"}";
    }

    /** A real journal in {@code dir}/journal: {@code sync: none}, no disk limit worth the name. */
    static Journal journal(Path dir) throws IOException {
        return Journal.open(new AgentConfig.Journal(dir.resolve("journal"), 1L << 40, 1,
                AgentConfig.SyncMode.NONE, Duration.ofMinutes(10)), Clock.systemUTC(), new JournalListener() { });
    }

    static Batch batch() {
        byte[] body = eventList();
        try {
            return new EventListParser().parse(body, 0, body.length);
        } catch (BadEventListException e) {
            throw new IllegalStateException("the benchmark EventList does not parse", e);
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("creating a temp folder for " + prefix, e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }
}
