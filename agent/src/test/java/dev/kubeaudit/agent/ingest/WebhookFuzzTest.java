package dev.kubeaudit.agent.ingest;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalEntry;
import dev.kubeaudit.agent.journal.JournalListener;
import dev.kubeaudit.agent.journal.JournalTailer;
import dev.kubeaudit.agent.testing.CountingIngestListener;
import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20,000 request bodies made from real EventLists by truncation, byte flips, deleted and
 * duplicated ranges, invalid UTF-8, deep nesting, huge strings and numbers, random content types
 * and declared lengths, against a real server and journal: every one is answered 2xx or 4xx, the
 * journal holds exactly the bodies answered 2xx (identical ones once), no buffer leaks (the first
 * 2,000 with Netty's leak detector at paranoid), no file descriptors or threads are left behind.
 */
class WebhookFuzzTest {
    static final int PARANOID_CASES = 2_000;
    static final int CASES = 20_000;
    static final int WORKERS = 4;
    static final long SEED = Long.getLong("fuzz.seed", 20261127L);

    @TempDir
    Path dir;

    final CountingIngestListener listener = new CountingIngestListener();
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicInteger> statusesByMutation = new ConcurrentHashMap<>();
    final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> leaks = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void everyBodyIsAnswered2xxOr4xxAndTheJournalHoldsExactlyThe2xxOnes() throws Exception {
        List<String> lines = realLines();
        IngestLimits limits = new IngestLimits(64, Duration.ofMinutes(1), Duration.ofMillis(500), 8 << 10, 100,
                1000, 64 << 10, 1000);
        ResourceLeakDetector<ByteBuf> detector = leakDetector();
        detector.setLeakListener((type, records) -> leaks.add(type));
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        try (Journal journal = Journal.open(new AgentConfig.Journal(dir.resolve("journal"), 1L << 40, 0,
                AgentConfig.SyncMode.NONE, Duration.ofMinutes(30)), Clock.systemUTC(), JournalListener.NONE)) {
            IngestServer server = new IngestServer(new IngestSettings("127.0.0.1", 0, "/", 96 << 10, 64 << 20, limits),
                    journal, listener, WebhookAccess.OPEN).start();
            try {
                long fdsBefore = openFileDescriptors();
                ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
                runPhase(server.port(), PARANOID_CASES, SEED);
                ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
                runPhase(server.port(), CASES - PARANOID_CASES, SEED + 1_000);
                ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
                assertThat(problems).as("requests not answered 2xx/4xx").isEmpty();
                awaitUntil(Duration.ofSeconds(10), () -> server.connections() == 0, "every fuzz connection to close");
                awaitUntil(Duration.ofSeconds(10), () -> openFileDescriptors() <= fdsBefore + 16,
                        "open file descriptors back to " + fdsBefore + " (+16)");
                assertThat(journaledDigests(journal)).containsExactlyInAnyOrderElementsOf(accepted);
                assertThat(new RawRequest(server.port()).postValid(lines)).as("still serving").isEqualTo(200);
                provokeLeakReports();
                assertThat(leaks).as("leaked buffers").isEmpty();
            } finally {
                server.close();
            }
        } finally {
            ResourceLeakDetector.setLevel(level);
            detector.setLeakListener(null);
        }
        awaitUntil(Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("ingest-")), "ingest threads to end");
        System.out.println("Fuzz answers by mutation: " + statusesByMutation + "; " + listener);
        assertThat(accepted).hasSizeGreaterThan(CASES / 5);
        assertThat(listener.limitHits("json_depth")).isPositive();
        assertThat(listener.limitHits("json_string")).isPositive();
        assertThat(listener.limitHits("json_number")).isPositive();
        assertThat(listener.limitHits("request_timeout")).isPositive();
        assertThat(listener.limitHits("request_bytes")).isPositive();
    }

    private void runPhase(int port, int cases, long seed) throws Exception {
        List<String> lines = realLines();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                long workerSeed = seed + w;
                int n = cases / WORKERS;
                done.add(pool.submit(() -> {
                    work(port, FuzzCase.generator(lines, workerSeed), n);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void work(int port, FuzzCase.Generator generator, int cases) throws Exception {
        RawHttpConnection connection = null;
        for (int i = 0; i < cases; i++) {
            FuzzCase c = generator.next();
            try {
                if (connection == null) {
                    connection = new RawHttpConnection(port);
                }
                connection.send(c);
                RawHttpConnection.Response r = connection.read();
                statusesByMutation.computeIfAbsent(c.mutation() + " " + r.status(), k -> new AtomicInteger()).incrementAndGet();
                if (r.status() >= 200 && r.status() < 300) {
                    accepted.add(sha256(c.bodyAsReceived()));
                } else if (r.status() < 400 || r.status() >= 500) {
                    problems.add(c.mutation() + ": " + r.status() + " " + r.body());
                }
                if (r.close() || c.framing() == FuzzCase.Framing.SHORTER || c.framing() == FuzzCase.Framing.LONGER) {
                    connection.close();
                    connection = null;
                }
            } catch (IOException e) {
                problems.add(c.mutation() + " (" + c.framing() + "): " + e);
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    static List<String> realLines() throws IOException {
        List<String> lines = new ArrayList<>();
        EventListParser parser = new EventListParser();
        for (Path file : EventListParserTest.realEventLists()) {
            byte[] body = Files.readAllBytes(file);
            try {
                for (byte[] item : parser.parse(body, 0, body.length).items()) {
                    lines.add(new String(item, StandardCharsets.UTF_8));
                }
            } catch (BadEventListException e) {
                throw new AssertionError(file + ": " + e.getMessage());
            }
        }
        return lines;
    }

    private static Set<String> journaledDigests(Journal journal) {
        Set<String> digests = new java.util.HashSet<>();
        int entries = 0;
        try (JournalTailer tailer = journal.tailer("fuzz-check")) {
            tailer.moveToStart();
            for (JournalEntry e = tailer.next(); e != null; e = tailer.next()) {
                Batch b = e.batch();
                digests.add(HexFormat.of().formatHex(b.digest()));
                entries++;
            }
        }
        assertThat(entries).as("journal entries (identical bodies once)").isEqualTo(digests.size());
        return digests;
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ResourceLeakDetector<ByteBuf> leakDetector() throws ReflectiveOperationException {
        Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
        f.setAccessible(true);
        return (ResourceLeakDetector<ByteBuf>) f.get(null);
    }

    /** Leaks are reported when a later buffer is tracked after the leaked one was collected. */
    private static void provokeLeakReports() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(100);
            for (int i = 0; i < 100; i++) {
                PooledByteBufAllocator.DEFAULT.directBuffer(64).release();
                PooledByteBufAllocator.DEFAULT.heapBuffer(64).release();
            }
        }
    }

    /** One valid request on its own connection. */
    private record RawRequest(int port) {
        int postValid(List<String> lines) throws IOException {
            try (RawHttpConnection c = new RawHttpConnection(port)) {
                c.send(new FuzzCase("final", dev.kubeaudit.agent.testing.Webhook.eventList(lines.subList(0, 3)),
                        "application/json", FuzzCase.Framing.LENGTH, 0));
                return c.read().status();
            }
        }
    }
}
