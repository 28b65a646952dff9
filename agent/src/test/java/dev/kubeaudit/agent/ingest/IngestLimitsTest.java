package dev.kubeaudit.agent.ingest;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.CountingIngestListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each connection and request limit on a real server: its answer and its metric. */
class IngestLimitsTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    final CountingIngestListener listener = new CountingIngestListener();
    final RecordingSink sink = new RecordingSink();
    IngestServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    void start(IngestLimits limits, long maxRequestBytes) throws IOException {
        server = new IngestServer(new IngestSettings("127.0.0.1", 0, "/", maxRequestBytes, 4 * maxRequestBytes, limits),
                sink, listener, WebhookAccess.OPEN).start();
    }

    static IngestLimits limits(int maxConnections, Duration idle, Duration request, int maxEvents) {
        return new IngestLimits(maxConnections, idle, request, 1024, maxEvents, 50, 2048, 30);
    }

    RawHttpConnection.Response post(String contentTypeAndBody) throws IOException {
        try (RawHttpConnection c = new RawHttpConnection(server.port())) {
            c.send(new FuzzCase("limit", contentTypeAndBody.getBytes(StandardCharsets.UTF_8), "application/json",
                    FuzzCase.Framing.LENGTH, 0));
            return c.read();
        }
    }

    @Test
    void headersOverMaxHeaderBytesGet431AndAnOverlongLineGets414() throws IOException {
        start(limits(10, WAIT, WAIT, 10), 1 << 20);
        assertThat(rawExchange("POST / HTTP/1.1\r\nHost: x\r\nX-Filler: " + "a".repeat(1100) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large");
        assertThat(rawExchange("POST /" + "a".repeat(1100) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.0 414 Request-URI Too Long");
        assertThat(listener.limitHits("header_bytes")).isEqualTo(2);
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void moreEventsThanMaxEventsPerBatchGet413AndNothingIsKept() throws IOException {
        start(limits(10, WAIT, WAIT, 2), 1 << 20);
        String item = "{\"auditID\":\"a\",\"stage\":\"s\",\"level\":\"l\"}";
        assertThat(post("{\"items\":[" + item + "," + item + "]}").status()).isEqualTo(200);
        RawHttpConnection.Response r = post("{\"items\":[" + item + "," + item + "," + item + "]}");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("more than 2 events");
        assertThat(listener.limitHits("events_per_batch")).isEqualTo(1);
        assertThat(sink.batches()).hasSize(1);
    }

    @Test
    void jsonLimitsGet400WithTheirOwnMetric() throws IOException {
        start(limits(10, WAIT, WAIT, 10), 1 << 20);
        String head = "{\"items\":[{\"auditID\":\"a\",\"stage\":\"s\",\"level\":\"l\",\"x\":";
        assertThat(post(head + "[".repeat(60) + "]".repeat(60) + "}]}").status()).isEqualTo(400);
        assertThat(post(head + "\"" + "s".repeat(3000) + "\"}]}").status()).isEqualTo(400);
        assertThat(post(head + "1".repeat(40) + "}]}").status()).isEqualTo(400);
        assertThat(post("{\"items\":[{\"" + "k".repeat(3000) + "\":1,\"auditID\":\"a\",\"stage\":\"s\",\"level\":\"l\"}]}")
                .status()).isEqualTo(400);
        assertThat(listener.limitHits("json_depth")).isEqualTo(1);
        assertThat(listener.limitHits("json_string")).isEqualTo(2);
        assertThat(listener.limitHits("json_number")).isEqualTo(1);
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void aDeclaredLengthOverTheLimitGets413BeforeAnyBodyIsSent() throws IOException {
        start(limits(10, WAIT, WAIT, 10), 1024);
        try (RawHttpConnection c = new RawHttpConnection(server.port())) {
            c.sendRaw("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n");
            RawHttpConnection.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.close()).isTrue();
        }
        assertThat(listener.limitHits("request_bytes")).isEqualTo(1);
    }

    @Test
    void aChunkedBodyGrowingOverTheLimitGets413AndCountsOneLimitHit() throws IOException {
        start(limits(10, WAIT, WAIT, 10), 1024);
        try (RawHttpConnection c = new RawHttpConnection(server.port())) {
            c.send(new FuzzCase("over", " ".repeat(3000).getBytes(StandardCharsets.US_ASCII), "application/json",
                    FuzzCase.Framing.CHUNKED, 0));
            RawHttpConnection.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.close()).isTrue();
        }
        awaitUntil(WAIT, () -> server.connections() == 0, "the refused connection to close");
        assertThat(listener.limitHits("request_bytes")).isEqualTo(1);
        assertThat(listener.status(413)).isEqualTo(1);
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosedOnAccept() throws Exception {
        start(limits(2, WAIT, WAIT, 10), 1 << 20);
        try (Socket a = open(); Socket b = open()) {
            awaitUntil(WAIT, () -> server.connections() == 2, "two connections");
            try (Socket c = open()) {
                assertThat(c.getInputStream().read()).as("third connection closed").isEqualTo(-1);
            }
            assertThat(listener.limitHits("connections")).isEqualTo(1);
        }
        awaitUntil(WAIT, () -> server.connections() == 0, "connections to close");
        assertThat(post(WebhookHandlerTest.BODY).status()).as("served again").isEqualTo(200);
    }

    @Test
    void anIdleConnectionIsClosedAfterIdleTimeoutAndAnIncompleteRequestGets408() throws Exception {
        start(limits(10, Duration.ofMillis(300), Duration.ofMillis(600), 10), 1 << 20);
        try (RawHttpConnection c = new RawHttpConnection(server.port())) {
            c.send(new FuzzCase("ok", WebhookHandlerTest.BODY.getBytes(StandardCharsets.UTF_8), "application/json",
                    FuzzCase.Framing.LENGTH, 0));
            assertThat(c.read().status()).isEqualTo(200);
            awaitUntil(WAIT, () -> listener.limitHits("idle_timeout") == 1, "the idle connection to be closed");
        }
        assertThat(rawExchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"))
                .startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(listener.limitHits("request_timeout")).isEqualTo(1);
        try (Socket silent = open()) {
            assertThat(silent.getInputStream().read()).as("a connection that never sends is closed").isEqualTo(-1);
        }
        assertThat(listener.limitHits("request_timeout")).isEqualTo(2);
        assertThat(sink.batches()).hasSize(1);
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    /** Writes {@code request} and reads everything until the server closes. */
    private String rawExchange(String request) throws IOException {
        try (Socket s = open()) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
