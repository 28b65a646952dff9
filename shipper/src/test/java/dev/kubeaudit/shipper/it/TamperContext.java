package dev.kubeaudit.shipper.it;

import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.verify.VerifierState;
import dev.kubeaudit.shipper.testing.ArchiveIndex;
import dev.kubeaudit.shipper.testing.ArchiveIndex.NodeChain;
import dev.kubeaudit.shipper.testing.ArchiveIndex.RecordObject;
import dev.kubeaudit.shipper.testing.WritableArchive;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * What one tampering works with: the clean archive's index, the copy to change, the seed's random
 * source (every choice comes from it, so a seed replays the same tampering), the agents' keys, a
 * stranger's key, when the archive was produced (the time verification runs at unless the
 * tampering says otherwise), the staleness allowed, and the state a clean run of it left.
 * Immutable apart from the random source.
 */
record TamperContext(long seed, ArchiveIndex clean, WritableArchive target, Random random, Signers signers,
                     SigningKey stranger, Instant end, Duration maxStaleness, VerifierState cleanState,
                     boolean canSetTimes) {

    /** The expectation of a clean archive verified at {@link #end}, to add the tampering's findings to. */
    Expected expected() {
        return new Expected(clean, end, maxStaleness);
    }

    /** A node, chosen by the seed. */
    NodeChain node() {
        List<NodeChain> nodes = List.copyOf(clean.nodes().values());
        return nodes.get(random.nextInt(nodes.size()));
    }

    /** A node other than {@code chain}'s, chosen by the seed. */
    NodeChain otherNode(NodeChain chain) {
        return pick(clean.nodes().values().stream().filter(n -> !n.node().equals(chain.node())).toList());
    }

    /** A segment record of {@code chain}, chosen by the seed. */
    RecordObject segment(NodeChain chain) {
        return pick(chain.segments());
    }

    /** Any record of {@code chain}, chosen by the seed. */
    RecordObject record(NodeChain chain) {
        return pick(chain.records());
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
