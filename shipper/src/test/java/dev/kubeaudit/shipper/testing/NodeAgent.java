package dev.kubeaudit.shipper.testing;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.integrity.IntegrityDirectory;
import dev.kubeaudit.agent.integrity.RunningMarker;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One node's agent (webhook, journal, writer, in-process shipper with integrity on) run in this
 * JVM on an injected clock, under {@code dir}, for node {@code c1/<node>}, shipping to
 * {@code destination}; started and stopped again and again on the same state, cleanly or as if it
 * had crashed (its running marker left behind). Counts the segments it rotated and the unclean
 * stops it declared, so that a test knows how many records its chain must hold. Not thread-safe:
 * driven by one test thread.
 */
public final class NodeAgent implements AutoCloseable {
    private static final int EVENTS_PER_BATCH = 5;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final Path dir;
    private final String node;
    private final String destination;
    private final String endpoint;
    private final List<String> settings;
    private final Clock clock;
    private final AuditTraffic traffic = new AuditTraffic(EVENTS_PER_BATCH);
    private Agent agent;
    private Webhook webhook;
    private int segments;
    private int uncleanStops;
    private byte[] leftMarker;

    /**
     * A node not started yet; {@code settings} are lines for {@link Configs#writeNode} (log.*,
     * integrity.*, ship lines), {@code endpoint} null for a folder destination.
     */
    public NodeAgent(Path dir, String node, String destination, String endpoint, Clock clock, String... settings) {
        this.dir = dir;
        this.node = node;
        this.destination = destination;
        this.endpoint = endpoint;
        this.clock = clock;
        this.settings = List.of(settings);
    }

    /** Starts the agent signing with {@code signingKeyFile} (null: the key it generates in its journal folder). */
    public void start(Path signingKeyFile) throws Exception {
        if (agent != null) {
            throw new IllegalStateException(node + " is running");
        }
        List<String> lines = new ArrayList<>(settings);
        if (signingKeyFile != null) {
            lines.add("integrity.signingKeyFile: '" + signingKeyFile + "'");
        }
        Path config = Configs.writeNode(dir, node, destination, endpoint, lines.toArray(String[]::new));
        if (leftMarker != null) {
            uncleanStops++;
            leftMarker = null;
        }
        agent = Agent.start(Configs.load(config), clock);
        webhook = new Webhook(agent.ingestPort());
    }

    /** Posts {@code batches} batches, each answered 200, and waits until their lines are in the active file. */
    public void post(int batches) throws Exception {
        Set<String> before = Set.copyOf(traffic.acknowledged());
        for (int i = 0; i < batches; i++) {
            int status = traffic.post(webhook);
            if (status != 200) {
                throw new AssertionError(node + ": batch answered " + status);
            }
        }
        List<String> posted = traffic.acknowledged().stream().filter(id -> !before.contains(id)).toList();
        awaitUntil(DEADLINE, () -> activeFileHolds(posted), node + ": " + posted.size() + " events in the active file");
    }

    private boolean activeFileHolds(List<String> ids) {
        try {
            String text = Files.readString(activeFile());
            return ids.stream().allMatch(text::contains);
        } catch (IOException e) {
            return false;
        }
    }

    /** One more segment will be rotated from what the active file holds (the caller moves the clock). */
    public void rotating() {
        segments++;
    }

    /** Stops the agent cleanly: its running marker is removed, so the next start declares nothing. */
    public void stopCleanly() {
        running().close();
        agent = null;
    }

    /**
     * Stops the agent and puts its running marker back, as a kill would have left it: the next
     * start declares an unclean stop.
     */
    public void stopUncleanly() throws IOException {
        Path marker = marker();
        byte[] bytes = Files.readAllBytes(marker);
        stopCleanly();
        Files.write(marker, bytes);
        leftMarker = bytes;
    }

    private Agent running() {
        if (agent == null) {
            throw new IllegalStateException(node + " is not running");
        }
        return agent;
    }

    /** Segments the shipper still has to ship, from the agent's /metrics. */
    public double pendingSegments() {
        return Scrape.value(Scrape.text(running().metricsPort()), "audit_agent_segments_pending", "");
    }

    /** Records the chain must hold: a segment record per rotation, a gap record per unclean stop declared. */
    public int expectedRecords() {
        return segments + uncleanStops;
    }

    public int uncleanStops() {
        return uncleanStops;
    }

    public String node() {
        return node;
    }

    /**
     * Where the node's manifests and checkpoints lie under the archive root: {@code c1/<node>/}, or
     * {@code _integrity/c1/<node>/} when its settings hold {@code layout: hive}.
     */
    public String prefix() {
        return (settings.contains("layout: hive") ? "_integrity/" : "") + "c1/" + node + "/";
    }

    /** The key the agent generated for itself (used when started without a signing key file). */
    public Path generatedKeyFile() {
        return IntegrityDirectory.of(dir.resolve("journal")).resolve("signing.key");
    }

    private Path activeFile() {
        return dir.resolve("log").resolve("audit.log");
    }

    private Path marker() {
        return IntegrityDirectory.of(dir.resolve("journal")).resolve(RunningMarker.FILE_NAME);
    }

    /** Stops the agent cleanly if it runs. */
    @Override
    public void close() {
        if (agent != null) {
            stopCleanly();
        }
    }
}
