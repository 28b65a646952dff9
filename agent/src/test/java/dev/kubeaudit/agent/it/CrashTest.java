package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import dev.kubeaudit.agent.testing.ChildAgent;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in a child JVM under steady load, killed with SIGKILL at random moments and halted at
 * named crash points (rotation rename, checkpoint write, mid-gzip), restarted each time: every
 * acknowledged event ends up in audit.log or a backup exactly once, and no line is torn.
 */
class CrashTest {
    private static final Pattern AUDIT_ID = Pattern.compile("\"auditID\":\"([^\"]+)\"");
    private static final int EVENTS_PER_BATCH = 40;
    private static final String PADDING = "x".repeat(400);

    @TempDir
    Path dir;

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong();

    @Test
    void everyAcknowledgedEventIsWrittenExactlyOnceAcrossKillsAndCrashPoints() throws Exception {
        long seed = Long.getLong("crashTest.seed", System.nanoTime());
        System.out.println("CrashTest seed: " + seed + " (replay with -DcrashTest.seed=" + seed + ")");
        Random random = new Random(seed);
        int port = ChildAgent.freePort();
        Path config = writeConfig(port, ChildAgent.freePort());
        Path output = dir.resolve("agent-output.txt");

        for (int round = 0; round < 6; round++) {
            try (ChildAgent agent = ChildAgent.start(config, port, output)) {
                try (Load load = new Load(port)) {
                    Thread.sleep(300 + random.nextInt(1500));
                    agent.kill();
                }
            }
        }
        for (String point : List.of("log-rotated:2", "checkpoint-before-rename:4", "log-mid-compress:1")) {
            try (ChildAgent agent = ChildAgent.start(config, port, output, "-Dkubeaudit.crashPoint=" + point)) {
                try (Load load = new Load(port)) {
                    int status = agent.awaitExit(Duration.ofSeconds(60));
                    assertThat(status).as("exit status at crash point " + point).isEqualTo(CrashPoint.HALT_STATUS);
                }
            }
        }
        try (ChildAgent agent = ChildAgent.start(config, port, output)) {
            Path log = dir.resolve("log").resolve("audit.log");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (countIds(log).keySet().size() < acknowledged.size() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(agent.stop(Duration.ofSeconds(10))).as("exit status after SIGTERM").isIn(0, 143);
        }

        Map<String, Integer> counts = countIds(dir.resolve("log").resolve("audit.log"));
        assertThat(acknowledged).as("acknowledged events").hasSizeGreaterThan(1000);
        for (String id : acknowledged) {
            assertThat(counts.getOrDefault(id, 0)).as("copies of acknowledged event " + id).isEqualTo(1);
        }
        assertThat(counts.values()).as("no event written twice").allMatch(c -> c == 1);
        String agentOutput = Files.readString(output, StandardCharsets.UTF_8);
        long recoveries = agentOutput.lines().filter(l -> l.contains("Recovered after the checkpoint")).count();
        long files;
        try (var list = Files.list(dir.resolve("log"))) {
            files = list.count();
        }
        System.out.printf("CrashTest: %d acknowledged, %d written, %d files, %d recoveries that kept or cut a tail%n",
                acknowledged.size(), counts.size(), files, recoveries);
        assertThat(recoveries).as("restarts that found lines past the checkpoint").isPositive();
    }

    private Map<String, Integer> countIds(Path log) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : AuditLogFiles.lines(log)) {
            assertThat(line).startsWith(Webhook.V1_PREFIX).endsWith("}");
            Matcher m = AUDIT_ID.matcher(line);
            assertThat(m.find()).as("auditID in " + line).isTrue();
            counts.merge(m.group(1), 1, Integer::sum);
        }
        return counts;
    }

    private Path writeConfig(int port, int metricsPort) throws IOException {
        Path file = dir.resolve("agent.yaml");
        String yaml = "node: crash-test\n"
                + "listen: {address: 127.0.0.1, port: " + port + "}\n"
                + "journal: {dir: " + dir.resolve("journal") + ", minFreeBytes: 0}\n"
                + "log: {path: " + dir.resolve("log").resolve("audit.log")
                + ", maxSize: 1, maxBackup: 0, maxAge: 0, compress: true}\n"
                + "ship: {destination: none}\n"
                + "metrics: {address: 127.0.0.1, port: " + metricsPort + "}\n";
        Files.writeString(file, yaml);
        return file;
    }

    private byte[] nextBatch(List<String> ids) {
        StringBuilder sb = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
            String id = "crash-" + nextId.incrementAndGet();
            ids.add(id);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"level\":\"Metadata\",\"auditID\":\"").append(id)
                    .append("\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/pods\",\"verb\":\"list\",")
                    .append("\"user\":{\"username\":\"system:admin\",\"groups\":[\"system:masters\"]},")
                    .append("\"sourceIPs\":[\"127.0.0.1\"],\"userAgent\":\"crash-test\",\"annotations\":{\"pad\":\"")
                    .append(PADDING).append("\"},\"requestReceivedTimestamp\":\"2026-11-27T05:00:00.000000Z\",")
                    .append("\"stageTimestamp\":\"2026-11-27T05:00:00.000001Z\"}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Two client threads posting batches until closed or the agent is gone; records acknowledged ids. */
    private final class Load implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(int port) {
            for (int t = 0; t < 2; t++) {
                Thread thread = new Thread(() -> run(new Webhook(port)), "crash-load-" + t);
                threads.add(thread);
                thread.start();
            }
        }

        private void run(Webhook webhook) {
            int failures = 0;
            for (int i = 0; i < 100_000 && running.get() && failures < 20; i++) {
                List<String> ids = new ArrayList<>();
                try {
                    HttpResponse<String> response = webhook.post(nextBatch(ids));
                    if (response.statusCode() == 200) {
                        acknowledged.addAll(ids);
                    }
                } catch (IOException e) {
                    failures++;
                    sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }
}
