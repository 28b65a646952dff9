package dev.kubeaudit.agent.systemd;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.ChildAgent;
import dev.kubeaudit.agent.testing.NotifyReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as systemd runs it: a child JVM with NOTIFY_SOCKET naming a datagram socket this test owns. */
class ServiceNotifierTest {
    private static final Duration WINDOW = Duration.ofSeconds(4);

    @TempDir
    Path dir;
    private NotifyReceiver receiver;

    @AfterEach
    void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void readyAfterReadyzThenWatchdogPingsThenStoppingOnSigterm() throws Exception {
        Path socket = dir.resolve("notify.sock");
        listen(socket.toString());
        int port = ChildAgent.freePort();
        int metricsPort = ChildAgent.freePort();
        try (ChildAgent agent = ChildAgent.start(writeConfig(port, metricsPort), port, dir.resolve("agent.out"),
                Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "1000000"))) {
            awaitUntil(Duration.ofSeconds(30), () -> count("READY=1") == 1, "READY=1");
            assertThat(readyz(metricsPort)).as("/readyz when READY=1 arrived").isEqualTo(200);
            assertThat(first("READY=1").text()).contains("STATUS=Listening; journal backlog 0 events");
            long readyAt = first("READY=1").nanos();
            Thread.sleep(WINDOW.toMillis());
            long windowEnd = System.nanoTime();
            long pings = receiver.messages().stream()
                    .filter(m -> m.text().equals("WATCHDOG=1") && m.nanos() > readyAt && m.nanos() <= windowEnd).count();
            // Every 500 ms over the window as it really lasted (a loaded machine oversleeps): at least
            // half of the due pings, and no flood.
            long due = (windowEnd - readyAt) / 500_000_000L;
            assertThat(pings).isBetween(Math.max(4L, due / 2), due + 2);
            assertThat(agent.stop(Duration.ofSeconds(20))).isEqualTo(143);
            assertThat(count("STOPPING=1")).isEqualTo(1);
            assertThat(first("STOPPING=1").nanos()).isGreaterThan(readyAt);
        }
    }

    @Test
    void blockedEventLoopStopsThePingsOnAnAbstractSocket() throws Exception {
        String abstractName = "@kubeaudit-test-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        listen("\0" + abstractName.substring(1));
        int port = ChildAgent.freePort();
        int metricsPort = ChildAgent.freePort();
        try (ChildAgent agent = ChildAgent.start(writeConfig(port, metricsPort), port, dir.resolve("agent.out"),
                Map.of("NOTIFY_SOCKET", abstractName, "WATCHDOG_USEC", "1000000"),
                "-Dkubeaudit.blockEventLoopAfter=6")) {
            awaitUntil(Duration.ofSeconds(30), () -> count("READY=1") == 1, "READY=1");
            awaitUntil(Duration.ofSeconds(30), () -> count("WATCHDOG=1") >= 5, "the pings before the loop blocks");
            awaitUntil(Duration.ofSeconds(30), () -> lastPingAgeMillis() > 2_000, "the pings to stop");
            long stoppedAt = count("WATCHDOG=1");
            Thread.sleep(WINDOW.toMillis());
            assertThat(count("WATCHDOG=1")).as("pings while the event loop is blocked").isEqualTo(stoppedAt);
            assertThat(stoppedAt).isLessThanOrEqualTo(8);
            assertThat(agent.isAlive()).isTrue();
            agent.kill();
        }
    }

    private void listen(String path) {
        receiver = new NotifyReceiver(path);
    }

    private long count(String text) {
        return receiver.count(text);
    }

    private NotifyReceiver.Message first(String text) {
        return receiver.first(text);
    }

    private long lastPingAgeMillis() {
        long last = receiver.messages().stream().filter(m -> m.text().equals("WATCHDOG=1")).mapToLong(NotifyReceiver.Message::nanos).max()
                .orElse(System.nanoTime());
        return (System.nanoTime() - last) / 1_000_000;
    }

    private static int readyz(int metricsPort) throws IOException, InterruptedException {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/readyz")).build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode();
    }

    private Path writeConfig(int port, int metricsPort) throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "node: notify-test\n"
                + "listen: {address: 127.0.0.1, port: " + port + "}\n"
                + "journal: {dir: " + dir.resolve("journal") + ", minFreeBytes: 0}\n"
                + "log: {path: " + dir.resolve("log").resolve("audit.log") + "}\n"
                + "ship: {destination: none}\n"
                + "metrics: {address: 127.0.0.1, port: " + metricsPort + "}\n");
        return file;
    }
}
