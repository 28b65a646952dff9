package dev.kubeaudit.agent.ingest;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.CountingIngestListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * 500 connections that send one header byte per second are cut at listen.requestTimeout (2 s)
 * with a 408 while a normal client keeps being served; afterwards no connection, file descriptor
 * or ingest thread is left.
 */
class SlowlorisTest {
    static final int SLOW = 500;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    static final byte[] HEAD = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

    final CountingIngestListener listener = new CountingIngestListener();
    final RecordingSink sink = new RecordingSink();

    @Test
    void slowClientsAreCutAtTheRequestTimeoutWhileANormalClientIsServed() throws Exception {
        IngestLimits limits = new IngestLimits(SLOW + 50, Duration.ofMinutes(1), REQUEST_TIMEOUT, 8 << 10, 100, 1000,
                1 << 20, 1000);
        IngestServer server = new IngestServer(new IngestSettings("127.0.0.1", 0, "/", 1 << 20, 4 << 20, limits), sink,
                listener, WebhookAccess.OPEN).start();
        long fdsBefore = WebhookFuzzTest.openFileDescriptors();
        List<Slow> slow = new ArrayList<>();
        List<Integer> normal = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread normalClient = new Thread(() -> postUntil(server.port(), stop, normal), "normal-client");
        try {
            for (int i = 0; i < SLOW; i++) {
                slow.add(new Slow(SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))));
            }
            normalClient.start();
            long start = System.nanoTime();
            for (int second = 0; second < 12 && slow.stream().anyMatch(s -> s.cutAfter < 0); second++) {
                for (Slow s : slow) {
                    s.step(start);
                }
                Thread.sleep(1000);
            }
            for (Slow s : slow) {
                s.step(start);
            }
        } finally {
            stop.set(true);
            normalClient.join(20_000);
            for (Slow s : slow) {
                s.channel.close();
            }
        }
        assertThat(slow).allSatisfy(s -> {
            assertThat(s.cutAfter).as("seconds until cut").isBetween(1.5, 6.0);
            assertThat(s.sent).as("bytes sent before the cut").isLessThan(HEAD.length);
            assertThat(s.answer.toString()).startsWith("HTTP/1.1 408 Request Timeout");
        });
        assertThat(listener.limitHits("request_timeout")).isEqualTo(SLOW);
        assertThat(normal).as("normal requests during the attack").hasSizeGreaterThan(10).containsOnly(200);
        awaitUntil(Duration.ofSeconds(10), () -> server.connections() == 0, "connections to close");
        awaitUntil(Duration.ofSeconds(10), () -> WebhookFuzzTest.openFileDescriptors() <= fdsBefore + 4,
                "open file descriptors back to " + fdsBefore);
        server.close();
        awaitUntil(Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("ingest-")), "ingest threads to end");
    }

    /** A normal client: a valid request every 100 ms, each on a new connection it closes after the answer. */
    private static void postUntil(int port, AtomicBoolean stop, List<Integer> statuses) {
        for (int i = 0; i < 1000 && !stop.get(); i++) {
            byte[] body = WebhookHandlerTest.BODY.replace("a-1", "n-" + i).getBytes(StandardCharsets.UTF_8);
            try (RawHttpConnection c = new RawHttpConnection(port)) {
                c.send(new FuzzCase("normal", body, "application/json", FuzzCase.Framing.LENGTH, 0));
                statuses.add(c.read().status());
                Thread.sleep(100);
            } catch (IOException e) {
                statuses.add(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One slow client: a non-blocking socket that sends one byte of a request head per step. */
    private static final class Slow {
        final SocketChannel channel;
        final StringBuilder answer = new StringBuilder();
        int sent;
        double cutAfter = -1;

        Slow(SocketChannel channel) throws IOException {
            this.channel = channel;
            channel.configureBlocking(false);
        }

        void step(long start) throws IOException {
            if (cutAfter >= 0) {
                return;
            }
            ByteBuffer in = ByteBuffer.allocate(512);
            int n;
            try {
                n = channel.read(in);
            } catch (IOException e) {
                n = -1;
            }
            answer.append(new String(in.array(), 0, Math.max(0, in.position()), StandardCharsets.US_ASCII));
            if (n < 0) {
                cutAfter = (System.nanoTime() - start) / 1e9;
                return;
            }
            if (sent < HEAD.length) {
                try {
                    channel.write(ByteBuffer.wrap(HEAD, sent, 1));
                    sent++;
                } catch (IOException e) {
                    cutAfter = (System.nanoTime() - start) / 1e9;
                }
            }
        }
    }
}
