package dev.kubeaudit.search.testing;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.Webhook;
import dev.kubeaudit.search.testing.GoldenEvents.Kind;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.FolderKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Two folder archives written by real agents (webhook, journal, writer, shipper with integrity on)
 * in this JVM from the same {@link GoldenEvents}, step for step on one clock: one in the default
 * layout, one in the hive layout, node {@code c1/cp-1} each. Segments are gzip, then (after a
 * restart) zstd, then plain; they span two days (across midnight UTC); one line is over 3 MiB; the
 * names and the window are those of the recipes' example questions ({@code ExampleQuestions}).
 * Everything is stopped and shipped when {@link #produce} returns. Immutable.
 */
public record GoldenArchive(Path defaultLayout, Path hiveLayout, List<String> events, Instant start, Instant end,
                            int segments) {
    public static final String NODE = "cp-1";
    public static final Duration ROTATE_INTERVAL = Duration.ofHours(6);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /**
     * Runs both agents under {@code dir}. Five segments, each rotated by age when the clock moves on
     * after its batch: 05:00 (a 403, before the recipes' window), 11:01 (the secret deleted, an exec,
     * a non-ASCII name), 17:02 (the 3 MiB line, a 403, quoted names; rotated after midnight, so its
     * events of the 27th sit under dt=2026-11-28), 00:02 (an attach, an exec) and 06:03 (nothing
     * special). The recipes' example window (the 27th, 06:00 to 18:00) holds the second and third.
     */
    public static GoldenArchive produce(Path dir) throws Exception {
        MutableClock clock = MutableClock.at("2026-11-27T05:00:00Z");
        Instant start = clock.instant();
        GoldenEvents events = new GoldenEvents();
        Path plainArchive = dir.resolve("archive-default");
        Path hiveArchive = dir.resolve("archive-hive");
        List<Node> nodes = List.of(new Node(dir.resolve("agent-default"), plainArchive, ArchiveLayout.DEFAULT),
                new Node(dir.resolve("agent-hive"), hiveArchive, ArchiveLayout.HIVE));
        Duration next = ROTATE_INTERVAL.plusMinutes(1);
        int segments = 0;
        segments += phase(nodes, clock, events, List.of("log.compress: true", "log.compression: gzip"), segments,
                new Step(next, Kind.FORBIDDEN), new Step(next, Kind.DELETE_SECRET, Kind.EXEC, Kind.NON_ASCII));
        segments += phase(nodes, clock, events, List.of("log.compress: true", "log.compression: zstd"), segments,
                new Step(Duration.ofHours(7), Kind.BIG, Kind.FORBIDDEN, Kind.QUOTED));
        segments += phase(nodes, clock, events, List.of("log.compress: false"), segments,
                new Step(next, Kind.ATTACH, Kind.EXEC), new Step(next));
        return new GoldenArchive(plainArchive, hiveArchive, events.all(), start, clock.instant(), segments);
    }

    /** A batch with {@code kinds} mixed in, then the clock moved by {@code advance} (past the rotation interval). */
    private record Step(Duration advance, Kind... kinds) {
    }

    /** Starts both agents with {@code settings}, one segment per step, stops them; returns the segments made. */
    private static int phase(List<Node> nodes, MutableClock clock, GoldenEvents events, List<String> settings,
                             int before, Step... steps) throws Exception {
        List<Agent> agents = new ArrayList<>();
        try {
            for (Node node : nodes) {
                agents.add(node.start(settings, clock));
            }
            int made = 0;
            for (Step step : steps) {
                List<String> lines = events.batch(clock.instant(), step.kinds());
                for (int i = 0; i < nodes.size(); i++) {
                    nodes.get(i).post(agents.get(i), lines);
                }
                clock.advance(step.advance());
                made++;
                int expected = before + made;
                for (Node node : nodes) {
                    awaitUntil(DEADLINE, () -> node.sealedSegments() == expected,
                            node.archive + ": " + expected + " segments shipped with their manifests");
                }
            }
            return made;
        } finally {
            agents.forEach(Agent::close);
        }
    }

    private record Node(Path dir, Path archive, ArchiveLayout layout) {
        Agent start(List<String> settings, MutableClock clock) throws Exception {
            List<String> lines = new ArrayList<>(settings);
            lines.add("log.rotateInterval: " + ROTATE_INTERVAL.toHours() + "h");
            lines.add("integrity.enabled: true");
            lines.add("layout: " + layout.configName());
            Path config = Configs.writeNode(dir, NODE, "file:" + archive, null, lines.toArray(String[]::new));
            return Agent.start(Configs.load(config), clock);
        }

        void post(Agent agent, List<String> lines) throws Exception {
            int status = new Webhook(agent.ingestPort()).post(Webhook.eventList(lines)).statusCode();
            if (status != 200) {
                throw new AssertionError(archive + ": batch answered " + status);
            }
            String last = GoldenEvents.parse(lines.get(lines.size() - 1)).path("auditID").asText();
            Path active = dir.resolve("log").resolve("audit.log");
            awaitUntil(DEADLINE, () -> contains(active, last), dir + ": the batch in the active file");
        }

        /** Segments in the archive whose manifest is there too. */
        long sealedSegments() {
            List<String> keys = FolderKeys.of(archive);
            return keys.stream().map(SegmentKey::parse).flatMap(java.util.Optional::stream)
                    .filter(k -> keys.contains(k.manifestKey())).count();
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
