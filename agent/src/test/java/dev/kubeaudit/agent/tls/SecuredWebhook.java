package dev.kubeaudit.agent.tls;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.ingest.IngestServer;
import dev.kubeaudit.agent.ingest.IngestSettings;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalEntry;
import dev.kubeaudit.agent.journal.JournalListener;
import dev.kubeaudit.agent.journal.JournalTailer;
import dev.kubeaudit.agent.testing.CountingIngestListener;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** A real journal and a real ingest server guarded by {@link WebhookSecurity}, on 127.0.0.1:0. */
final class SecuredWebhook implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger TAILERS = new AtomicInteger();

    final CountingIngestListener listener = new CountingIngestListener();
    final Reloads reloads = new Reloads();
    final Journal journal;
    final WebhookSecurity security;
    final IngestServer server;

    SecuredWebhook(Path dir, SecurityFiles files, SslProvider provider, Duration poll) throws IOException {
        journal = Journal.open(new AgentConfig.Journal(dir.resolve("journal"), 1L << 40, 0, AgentConfig.SyncMode.NONE,
                Duration.ofMinutes(10)), Clock.systemUTC(), JournalListener.NONE);
        security = WebhookSecurity.start(files, provider, poll, Clock.systemUTC(), reloads);
        server = new IngestServer(new IngestSettings("127.0.0.1", 0, "/", 1 << 20, 4 << 20), journal, listener, security)
                .start();
    }

    URI uri(boolean tls) {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.port() + "/");
    }

    /** POSTs on a new connection (a new client each time) with the given TLS protocol and Authorization header. */
    HttpResponse<String> post(SSLContext context, String protocol, String authorization, String body)
            throws IOException, InterruptedException {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT);
        if (context != null) {
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(new String[] {protocol});
            b.sslContext(context).sslParameters(parameters);
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(context != null)).timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return b.build().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Digests (hex) of every batch in the journal, oldest first. */
    List<String> journaledDigests() {
        List<String> digests = new ArrayList<>();
        try (JournalTailer tailer = journal.tailer("check-" + TAILERS.incrementAndGet())) {
            tailer.moveToStart();
            for (JournalEntry e = tailer.next(); e != null; e = tailer.next()) {
                digests.add(HexFormat.of().formatHex(e.batch().digest()));
            }
        }
        return digests;
    }

    static String body(String auditId) {
        return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[{\"level\":\"Metadata\","
                + "\"auditID\":\"" + auditId + "\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}]}";
    }

    @Override
    public void close() {
        server.close();
        security.close();
        journal.close();
    }

    /** Counts loads and failed reloads. Thread-safe. */
    static final class Reloads implements SecurityListener {
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicLong notAfter = new AtomicLong();

        @Override
        public void loaded(Instant serverNotAfter) {
            loads.incrementAndGet();
            notAfter.set(serverNotAfter == null ? 0 : serverNotAfter.getEpochSecond());
        }

        @Override
        public void reloadFailed(Exception e) {
            failures.incrementAndGet();
        }
    }
}
