package dev.kubeaudit.shipper.testing;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;

import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Drives node agents in step on one mutable clock, and after each step waits until what each
 * should have shipped is in its archive: {@link #rotate} posts to every running agent, moves the
 * clock past the rotation interval so each rotates once, and waits until each chain holds every
 * record with a checkpoint of them all and nothing is pending; {@link #idle} moves the clock past
 * the checkpoint interval and waits for a checkpoint at that time from each. Not thread-safe.
 */
public final class Lockstep {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** An agent and the keys of the archive it ships to (relative to the archive root). */
    public record Shipping(NodeAgent agent, Supplier<Collection<String>> archiveKeys) {
    }

    private final MutableClock clock;
    private final Duration rotateInterval;
    private final Duration idle;
    private final List<Shipping> nodes;

    /** {@code idle}: how far an idle step moves the clock (more than the checkpoint interval). */
    public Lockstep(MutableClock clock, Duration rotateInterval, Duration idle, List<Shipping> nodes) {
        this.clock = clock;
        this.rotateInterval = rotateInterval;
        this.idle = idle;
        this.nodes = List.copyOf(nodes);
    }

    /** Starts each agent matching {@code node} with {@code signingKeyFile} (null: its own) and waits for its checkpoint. */
    public void start(String node, Path signingKeyFile) throws Exception {
        for (Shipping s : of(node)) {
            s.agent().start(signingKeyFile);
        }
        for (Shipping s : of(node)) {
            awaitShipped(s);
        }
    }

    public void stopCleanly(String node) {
        of(node).forEach(s -> s.agent().stopCleanly());
    }

    public void stopUncleanly(String node) throws Exception {
        for (Shipping s : of(node)) {
            s.agent().stopUncleanly();
        }
    }

    private List<Shipping> of(String node) {
        return nodes.stream().filter(s -> s.agent().node().equals(node)).toList();
    }

    /** Every agent writes {@code batches} batches and rotates them into one segment; then all is shipped. */
    public void rotate(int batches) throws Exception {
        for (Shipping s : nodes) {
            s.agent().post(batches);
            s.agent().rotating();
        }
        clock.advance(rotateInterval);
        for (Shipping s : nodes) {
            awaitShipped(s);
        }
    }

    /** Moves the clock by the idle period; each agent publishes a checkpoint at that time. */
    public void idle() {
        clock.advance(idle);
        Instant now = clock.instant();
        for (Shipping s : nodes) {
            awaitUntil(DEADLINE, () -> newestCheckpoint(s).filter(t -> !t.isBefore(now)).isPresent(),
                    s.agent().node() + ": a checkpoint at " + now + " while idle");
        }
    }

    /** Moves the clock without anything else. */
    public void advance(Duration d) {
        clock.advance(d);
    }

    private void awaitShipped(Shipping s) {
        NodeAgent a = s.agent();
        int records = a.expectedRecords();
        String checkpoint = "-" + records + ChainKeys.CHECKPOINT_SUFFIX;
        awaitUntil(DEADLINE, () -> {
            Collection<String> keys = s.archiveKeys().get();
            long manifests = keys.stream().filter(k -> k.startsWith(a.prefix())
                    && k.endsWith(ChainKeys.MANIFEST_SUFFIX)).count();
            return manifests == records && keys.stream().anyMatch(k -> k.startsWith(a.prefix()) && k.endsWith(checkpoint))
                    && a.pendingSegments() == 0;
        }, a.node() + ": " + records + " records shipped, a checkpoint of them all, nothing pending");
    }

    private static Optional<Instant> newestCheckpoint(Shipping s) {
        String prefix = s.agent().prefix() + "integrity/checkpoints/";
        return s.archiveKeys().get().stream().filter(k -> k.startsWith(prefix) && k.endsWith(ChainKeys.CHECKPOINT_SUFFIX))
                .map(k -> k.substring(k.lastIndexOf('/') + 1, k.lastIndexOf('-')))
                .map(stamp -> Instant.from(STAMP.parse(stamp))).max(Instant::compareTo);
    }
}
