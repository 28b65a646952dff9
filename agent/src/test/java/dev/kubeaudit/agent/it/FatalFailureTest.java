package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.integrity.IntegrityDirectory;
import dev.kubeaudit.agent.integrity.RunningMarker;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import dev.kubeaudit.agent.testing.ChildAgent;
import dev.kubeaudit.agent.testing.NotifyReceiver;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent as systemd runs it (NOTIFY_SOCKET, a watchdog), failing for good through a fault point:
 * the journal's force fails, the journal thread or the log writer thread dies. Every request is
 * answered (none waits forever), the watchdog pings stop with a STATUS=Failed line, the process
 * exits with {@link Agent#FATAL_EXIT_STATUS}; after a restart, every batch the client re-sends (as
 * kube-apiserver does with every batch not answered 200) is in audit.log exactly once, and so is
 * everything acknowledged before.
 */
class FatalFailureTest {
    private static final int CLIENTS = 3;

    @TempDir
    Path dir;
    private final AtomicInteger nextBatch = new AtomicInteger();

    private record Sent(List<String> events, int status) {
    }

    @ParameterizedTest(name = "{0} with journal.sync {1}")
    @CsvSource({"journal-force:4, always", "journal-thread:4, none", "writer-thread:60, none"})
    void aCoreFailureStopsThePingsAnswersEveryRequestAndARestartLosesAndDoublesNothing(String faultPoint, String sync)
            throws Exception {
        int port = ChildAgent.freePort();
        int metricsPort = ChildAgent.freePort();
        Path config = writeConfig(port, metricsPort, sync);
        Path socket = dir.resolve("notify.sock");
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        try (NotifyReceiver systemd = new NotifyReceiver(socket.toString());
             ChildAgent agent = ChildAgent.start(config, port, dir.resolve("agent.out"),
                     Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "1000000"),
                     "-Dkubeaudit.faultPoint=" + faultPoint)) {
            awaitUntil(Duration.ofSeconds(30), () -> systemd.count("WATCHDOG=1") >= 1, "the first watchdog ping");
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Thread client = new Thread(() -> sendUntilRefused(new Webhook(port), sent), "fatal-client-" + c);
                clients.add(client);
                client.start();
            }
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(90).toMillis());
                assertThat(client.isAlive()).as("a client still waits for an answer").isFalse();
            }
            assertThat(agent.awaitExit(Duration.ofSeconds(60))).isEqualTo(Agent.FATAL_EXIT_STATUS);

            NotifyReceiver.Message failed = systemd.messages().stream()
                    .filter(m -> m.text().contains("STATUS=Failed: ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no STATUS=Failed: " + systemd.messages()));
            assertThat(failed.text()).contains(faultPoint.startsWith("writer") ? "audit-log-writer" : "journal-writer");
            assertThat(systemd.messages()).filteredOn(m -> m.nanos() > failed.nanos() && m.has("WATCHDOG=1"))
                    .as("watchdog pings after the failure").isEmpty();
        }
        assertThat(IntegrityDirectory.of(dir.resolve("journal"))
                .resolve(RunningMarker.FILE_NAME))
                .as("a run that failed did not stop cleanly: its running marker stays").exists();
        assertThat(sent).as("batches answered 200 before the failure").anyMatch(s -> s.status() == 200);
        assertThat(sent).as("batches refused once the agent failed").anyMatch(s -> s.status() != 200);
        assertThat(sent).as("no request answered other than 200, 503 or a refused connection")
                .allMatch(s -> s.status() == 200 || s.status() == 503 || s.status() == -1);

        try (ChildAgent agent = ChildAgent.start(config, port, dir.resolve("agent-restarted.out"))) {
            Webhook webhook = new Webhook(port);
            for (Sent s : sent) {
                if (s.status() != 200) {
                    assertThat(webhook.post(Webhook.eventList(s.events())).statusCode()).as("re-sent batch").isEqualTo(200);
                }
            }
            int expected = sent.stream().mapToInt(s -> s.events().size()).sum();
            awaitUntil(Duration.ofSeconds(60), () -> lines().size() >= expected, expected + " lines written");
            assertThat(agent.stop(Duration.ofSeconds(30))).isEqualTo(143);
        }
        List<String> lines = lines();
        Map<String, Long> counts = lines.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts).as("lines written more than once").allSatisfy((line, n) -> assertThat(n).isEqualTo(1L));
        List<String> every = sent.stream().flatMap(s -> s.events().stream()).toList();
        assertThat(lines).containsExactlyInAnyOrderElementsOf(every);
    }

    /** Posts batches until one is not answered 200 (or 300 batches); records every answer. */
    private void sendUntilRefused(Webhook webhook, ConcurrentLinkedQueue<Sent> sent) {
        for (int i = 0; i < 300; i++) {
            List<String> events = AgentTest.events("b" + nextBatch.incrementAndGet(), 5);
            int status;
            try {
                HttpResponse<String> response = webhook.post(Webhook.eventList(events));
                status = response.statusCode();
            } catch (java.net.http.HttpTimeoutException e) {
                status = -2; // waited 30 s: the failure this test is about
            } catch (IOException e) {
                status = -1; // the agent has exited: connection refused or reset
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sent.add(new Sent(events, status));
            if (status != 200) {
                return;
            }
        }
    }

    private List<String> lines() {
        try {
            return AuditLogFiles.lines(dir.resolve("log").resolve("audit.log"));
        } catch (IOException | AssertionError e) {
            return List.of();
        }
    }

    private Path writeConfig(int port, int metricsPort, String sync) throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "node: fatal-test\n"
                + "listen: {address: 127.0.0.1, port: " + port + "}\n"
                + "journal: {dir: " + dir.resolve("journal") + ", minFreeBytes: 0, sync: " + sync + "}\n"
                + "log: {path: " + dir.resolve("log").resolve("audit.log") + "}\n"
                + "ship: {destination: none}\n"
                + "metrics: {address: 127.0.0.1, port: " + metricsPort + "}\n");
        return file;
    }
}
