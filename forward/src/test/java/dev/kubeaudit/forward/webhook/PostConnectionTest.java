package dev.kubeaudit.forward.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.forward.ForwardedEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook destination's own HTTP/1.1 exchange against a raw socket server on 127.0.0.1 that
 * writes answers byte by byte as scripted: chunked and unframed bodies, informational answers,
 * {@code Connection: close}, garbage, a server that never reads, and close during a send.
 */
class PostConnectionTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

    /** Answers each request with the next raw answer of its script (then a 200 with no body), keeping the requests. */
    static final class RawServer implements AutoCloseable {
        final List<String> heads = Collections.synchronizedList(new ArrayList<>());
        final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger connections = new AtomicInteger();
        private final Deque<String> script = new ArrayDeque<>();
        private final ServerSocket server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final boolean reads;

        RawServer(boolean reads, String... answers) throws IOException {
            this.reads = reads;
            script.addAll(List.of(answers));
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(this::accept);
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/audit?x=1";
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    threads.execute(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                if (!reads) {
                    TimeUnit.SECONDS.sleep(30);   // accepts, never reads: the client's writes block
                    return;
                }
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                    heads.add(head);
                    bodies.add(in.readNBytes(length));
                    String answer;
                    synchronized (script) {
                        answer = script.isEmpty() ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" : script.poll();
                    }
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (answer.toLowerCase(Locale.ROOT).contains("connection: close")
                            || !answer.toLowerCase(Locale.ROOT).contains("content-length")
                            && !answer.toLowerCase(Locale.ROOT).contains("chunked")) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away, or the test ended
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                head.write(b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
                if (matched == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }

    @Test
    void chunkedUnframedAndInformationalAnswersAreReadAndTheConnectionKeptWhenItMayBe() throws Exception {
        try (RawServer server = new RawServer(true,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nboom\r\n0\r\n\r\n",
                "HTTP/1.0 503 Service Unavailable\r\n\r\nread until the end");
             WebhookDestination destination = open(server.url(), Duration.ofSeconds(5))) {
            destination.send(WebhookDestinationTest.events("a", 2));
            destination.send(WebhookDestinationTest.events("b", 1));
            assertThatThrownBy(() -> destination.send(WebhookDestinationTest.events("c", 1)))
                    .hasMessageEndingWith("failed: HTTP 500: boom");
            assertThat(server.connections).as("one connection so far").hasValue(1);
            assertThatThrownBy(() -> destination.send(WebhookDestinationTest.events("c", 1)))
                    .hasMessageEndingWith("failed: HTTP 503: read until the end");
            destination.send(WebhookDestinationTest.events("d", 1));
            assertThat(server.connections).as("an unframed answer ends its connection").hasValue(2);

            assertThat(server.heads).hasSize(5);
            String head = server.heads.get(0);
            assertThat(head).startsWith("POST /audit?x=1 HTTP/1.1\r\n").contains("\r\nHost: 127.0.0.1:")
                    .contains("\r\nContent-Type: application/json\r\n").contains("\r\nUser-Agent: kube-audit-agent/");
            assertThat(server.bodies.get(0)).isEqualTo(EventListBody.of(WebhookDestinationTest.events("a", 2)));
        }
    }

    @Test
    void anAnswerThatIsNotHttpIsAnIoFailureAndTheNextSendConnectsAgain() throws Exception {
        try (RawServer server = new RawServer(true, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
             WebhookDestination destination = open(server.url(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> destination.send(WebhookDestinationTest.events("a", 1)))
                    .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.reason()).isEqualTo("io");
                    })
                    .hasMessageContaining("not an HTTP/1.x status line: 'SSH-2.0-OpenSSH_9.2'");
            destination.send(WebhookDestinationTest.events("a", 1));
            assertThat(server.connections).hasValue(2);
        }
    }

    @Test
    void aServerThatNeverReadsTheBodyEndsTheSendAtItsTimeout() throws Exception {
        try (RawServer server = new RawServer(false);
             WebhookDestination destination = open(server.url(), Duration.ofSeconds(1))) {
            List<ForwardedEvent> big = bigBatch();
            long began = System.nanoTime();
            assertThatThrownBy(() -> destination.send(big))
                    .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.reason()).isEqualTo("timeout");
                    })
                    .hasMessageContaining("no answer within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void closeEndsASendInProgressAtOnce() throws Exception {
        try (RawServer server = new RawServer(false)) {
            WebhookDestination destination = open(server.url(), Duration.ofSeconds(60));
            List<ForwardedEvent> big = bigBatch();
            CompletableFuture<Throwable> sending = CompletableFuture.supplyAsync(() -> {
                try {
                    destination.send(big);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            TimeUnit.MILLISECONDS.sleep(300);
            long began = System.nanoTime();
            destination.close();
            Throwable failure = sending.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
            assertThat(failure).isInstanceOfSatisfying(WebhookDeliveryException.class,
                    e -> assertThat(e.reason()).isEqualTo("closed"));
        }
    }

    /** About 48 MiB: more than the loopback socket buffers of both ends take. */
    private static List<ForwardedEvent> bigBatch() {
        List<ForwardedEvent> events = new ArrayList<>();
        byte[] line = ("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"x\",\"pad\":\""
                + "p".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 48; i++) {
            events.add(new ForwardedEvent("x", line));
        }
        return events;
    }

    private WebhookDestination open(String server, Duration timeout) {
        return WebhookDestinationTest.open(dir, clock, server, "", timeout);
    }
}
