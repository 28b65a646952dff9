package dev.kubeaudit.agent.ingest;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink.Refusal;
import dev.kubeaudit.agent.ingest.RecordingSink.Mode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server on a real loopback socket, called with java.net.http.HttpClient. */
class IngestServerTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String JSON = "application/json";
    static final String BODY = WebhookHandlerTest.BODY;

    final RecordingSink sink = new RecordingSink();
    final RecordingListener listener = new RecordingListener();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();
    IngestServer server;

    IngestServer start(long maxRequestBytes, long maxInFlightBytes) throws IOException {
        server = new IngestServer(new IngestSettings("127.0.0.1", 0, "/", maxRequestBytes, maxInFlightBytes),
                sink, listener, WebhookAccess.OPEN).start();
        return server;
    }

    IngestServer start() throws IOException {
        return start(1 << 20, 2 << 20);
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
            server.close();
            assertThat(server.inFlightBytes()).isZero();
            awaitUntil(WAIT, () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("ingest-")), "ingest threads to end");
        }
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).timeout(WAIT);
    }

    HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = request(pathAndQuery).POST(BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), BodyHandlers.ofString());
    }

    HttpResponse<String> post(String body) throws Exception {
        return post("/", JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyRealWebhookRequestIsAcceptedAsIs() throws Exception {
        start();
        List<Path> files = EventListParserTest.realEventLists();
        for (Path file : files) {
            HttpResponse<String> r = post("/?timeout=30s", JSON, Files.readAllBytes(file));
            assertThat(r.statusCode()).as(file.toString()).isEqualTo(200);
        }
        assertThat(sink.batches()).hasSize(files.size());
        assertThat(sink.events()).isEqualTo(447);
        assertThat(listener.events.get()).isEqualTo(447);
    }

    static Stream<Arguments> badBodies() {
        byte[] invalidUtf8 = BODY.replace("Metadata", "Meta\u00e9data").getBytes(StandardCharsets.UTF_8);
        int at = BODY.indexOf("Metadata") + 4;
        invalidUtf8[at + 1] = '(';
        String deep = "[".repeat(1001) + "]".repeat(1001);
        return Stream.of(
                bad("malformed JSON", "{\"items\":[}"),
                bad("truncated body", BODY.substring(0, BODY.length() / 2)),
                bad("items not an array", "{\"items\":{}}"),
                bad("an item not an object", "{\"items\":[\"x\"]}"),
                bad("an empty item", "{\"items\":[{}]}"),
                bad("auditID a number", "{\"items\":[{\"auditID\":5,\"stage\":\"a\",\"level\":\"b\"}]}"),
                bad("a good item then a bad one", "{\"items\":[" + EventListParserTest.ITEM + ",{\"auditID\":\"x\"}]}"),
                bad("nesting deeper than 1000", "{\"items\":[{\"auditID\":\"x\",\"stage\":\"a\",\"level\":\"b\",\"d\":" + deep + "}]}"),
                Arguments.of(Named.of("invalid UTF-8", invalidUtf8)),
                bad("empty body", ""));
    }

    static Arguments bad(String name, String body) {
        return Arguments.of(Named.of(name, body.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodyGets400AndNothingReachesTheSink(byte[] body) throws Exception {
        start();
        HttpResponse<String> r = post("/", JSON, body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isNotBlank();
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void refusedHeadsGetTheirStatusAndNothingReachesTheSink() throws Exception {
        start(1024, 4096);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(post("/", "text/plain", body).statusCode()).isEqualTo(415);
        assertThat(post("/", null, body).statusCode()).isEqualTo(415);
        assertThat(post("/other", JSON, body).statusCode()).isEqualTo(404);
        HttpResponse<String> get = client.send(request("/").GET().build(), BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        byte[] large = (BODY.trim() + " ".repeat(2000)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = post("/", JSON, large);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).isEqualTo("body over 1024 bytes\n");
        assertThat(sink.batches()).isEmpty();
        assertThat(listener.statuses()).containsExactly(415, 415, 404, 405, 413);
    }

    @Test
    void emptyItemsTrailingWhitespaceAndQueryAreFine() throws Exception {
        start();
        assertThat(post("/?timeout=30s", JSON, "{\"items\":[]}\n \r\n\t".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(200);
        assertThat(sink.batches()).singleElement().satisfies(b -> assertThat(b.items()).isEmpty());
    }

    @Test
    void linesKeepApiVersionTypedItemsAndStringsAsReceived() throws Exception {
        start();
        String typed = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"level\":\"None\",\"auditID\":\"t\",\"stage\":\"Panic\"}";
        String pretty = "{\n \"level\" : \"None\",\n \"auditID\" : \"p \\u0026 q\",\n \"stage\" : \"Panic\"\n}";
        HttpResponse<String> r = post("{\"apiVersion\":\"audit.k8s.io/v1beta1\",\"kind\":\"EventList\",\"items\":["
                + typed + "," + pretty + "]}");
        assertThat(r.statusCode()).isEqualTo(200);
        Batch batch = sink.batches().get(0);
        assertThat(batch.apiVersion()).isEqualTo("audit.k8s.io/v1beta1");
        assertThat(batch.items()).extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly(typed,
                "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"level\":\"None\",\"auditID\":\"p \\u0026 q\",\"stage\":\"Panic\"}");
    }

    @Test
    void expectContinueIsHonoured() throws Exception {
        start();
        HttpRequest req = request("/").expectContinue(true).header("Content-Type", JSON)
                .POST(BodyPublishers.ofString(BODY)).build();
        assertThat(client.send(req, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(sink.events()).isEqualTo(1);
    }

    @Test
    void sinkRefusalGets429WithRetryAfter() throws Exception {
        start();
        sink.refuse(Refusal.JOURNAL_FULL);
        HttpResponse<String> r = post(BODY);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(listener.refusals()).containsExactly("journal_full");
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void inFlightBudgetGets429WithRetryAfter() throws Exception {
        start(1024, 1024);
        sink.mode(Mode.HOLD);
        String first = BODY.trim() + " ".repeat(700);
        CompletableFuture<HttpResponse<String>> held = client.sendAsync(request("/").header("Content-Type", JSON)
                .POST(BodyPublishers.ofString(first)).build(), BodyHandlers.ofString());
        awaitUntil(WAIT, () -> sink.heldCount() == 1, "the first batch to reach the sink");
        assertThat(server.inFlightBytes()).isEqualTo(first.length());
        HttpResponse<String> refused = post(BODY.trim() + " ".repeat(400));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(listener.refusals()).containsExactly("in_flight_bytes");
        sink.releaseHeld();
        assertThat(held.get().statusCode()).isEqualTo(200);
        assertThat(sink.batches()).hasSize(1);
        awaitUntil(WAIT, () -> server.inFlightBytes() == 0, "in-flight bytes to return to 0");
    }

    @Test
    void afterBeginShutdownNewRequestsGet503WhileAcceptedOnesComplete() throws Exception {
        start();
        sink.mode(Mode.HOLD);
        CompletableFuture<HttpResponse<String>> held = client.sendAsync(request("/").header("Content-Type", JSON)
                .POST(BodyPublishers.ofString(BODY)).build(), BodyHandlers.ofString());
        awaitUntil(WAIT, () -> sink.heldCount() == 1, "the batch to reach the sink");
        server.beginShutdown();
        HttpResponse<String> refused = post(BODY);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        sink.releaseHeld();
        assertThat(held.get().statusCode()).isEqualTo(200);
        assertThat(sink.batches()).hasSize(1);
        assertThat(listener.refusals()).containsExactly("stopping");
    }

    @Test
    void concurrentRequestsAreAllAnswered() throws Exception {
        start();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(client.sendAsync(request("/").header("Content-Type", JSON)
                    .POST(BodyPublishers.ofString(BODY.replace("a-1", "a-" + i))).build(), BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            assertThat(a.get().statusCode()).isEqualTo(200);
        }
        assertThat(sink.events()).isEqualTo(40);
    }

    @Test
    void chunkedBodyIsAccepted() throws Exception {
        start();
        HttpRequest req = request("/").header("Content-Type", JSON)
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8))))
                .build();
        assertThat(client.send(req, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(sink.events()).isEqualTo(1);
    }

    @Test
    void severalKeepAliveConnectionsEachServeManyRequestsConcurrently() throws Exception {
        start();
        int connections = 4;
        int perConnection = 10;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                results.add(pool.submit(() -> postOnOneConnection(perConnection)));
            }
            for (Future<List<Integer>> r : results) {
                assertThat(r.get()).hasSize(perConnection).containsOnly(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sink.batches()).hasSize(connections * perConnection);
    }

    /** Sends {@code n} requests one after the other on a single socket; the statuses in order. */
    private List<Integer> postOnOneConnection(int n) throws IOException {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /?timeout=30s HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: Go-http-client/1.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Integer> statuses = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < n; i++) {
                out.write(head);
                out.write(body);
                out.flush();
                statuses.add(readResponse(in));
            }
        }
        return statuses;
    }

    /** Reads one response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response head");
            }
            headBytes.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = headBytes.toString(StandardCharsets.US_ASCII).split("\r\n");
        int length = -1;
        for (String line : lines) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
            assertThat(line.toLowerCase()).doesNotStartWith("connection: close");
        }
        assertThat(length).as("Content-Length of " + lines[0]).isPositive();
        assertThat(in.readNBytes(length)).hasSize(length);
        return Integer.parseInt(lines[0].split(" ")[1]);
    }
}
