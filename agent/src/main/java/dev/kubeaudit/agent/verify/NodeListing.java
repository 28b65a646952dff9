package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.integrity.ChainKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which nodes to look at and their objects: the nodes asked for, each listed under its own prefix;
 * or, when none is asked for, every {@code <cluster>/<node>/} prefix holding objects in one listing
 * of the whole archive, plus the nodes {@code remembered} (a node whose objects are all gone is
 * still looked at). A listing that fails is an {@code UNREADABLE} finding.
 *
 * <p>An archive may grow while it is listed (S3 lists page by page; the agent ships meanwhile), and
 * a checkpoint lies after the records it covers in key order: one listing could hold a checkpoint
 * whose newest records it missed, which would read as records deleted. So each node's checkpoints
 * are taken from that first listing and everything else from a second listing of the node made
 * after it: every record a listed checkpoint covers was stored before the checkpoint, so before
 * the second listing began. Should the second listing fail, the first one's objects are used.
 * Stateless.
 */
final class NodeListing {
    private NodeListing() {
    }

    static Map<ChainKeys, NodeObjects> list(Archive archive, List<String> asked, Set<String> remembered,
                                            List<Finding> findings) {
        Map<String, List<ArchiveObject>> byNode = new TreeMap<>();
        if (!asked.isEmpty()) {
            for (String node : asked) {
                try {
                    byNode.put(node, archive.list(node + "/"));
                } catch (IOException e) {
                    findings.add(unreadable(node, e));
                }
            }
        } else {
            List<ArchiveObject> all;
            try {
                all = archive.list("");
            } catch (IOException e) {
                findings.add(unreadable("", e));
                return Map.of();
            }
            Set<String> names = new LinkedHashSet<>(remembered);
            for (ArchiveObject o : all) {
                String[] parts = o.key().split("/", 3);
                if (parts.length == 3) {
                    names.add(parts[0] + "/" + parts[1]);
                    byNode.computeIfAbsent(parts[0] + "/" + parts[1], k -> new ArrayList<>()).add(o);
                }
            }
            names.forEach(n -> byNode.putIfAbsent(n, List.of()));
        }
        Map<ChainKeys, NodeObjects> out = new java.util.LinkedHashMap<>();
        byNode.forEach((node, first) -> chainKeys(node).ifPresent(k ->
                out.put(k, NodeObjects.of(k, first, relisted(archive, node, first, findings)))));
        return out;
    }

    /** The node's objects listed again, after the first listing; the first listing's when this one fails. */
    private static List<ArchiveObject> relisted(Archive archive, String node, List<ArchiveObject> first,
                                                List<Finding> findings) {
        try {
            return archive.list(node + "/");
        } catch (IOException e) {
            findings.add(unreadable(node, e));
            return first;
        }
    }

    private static Finding unreadable(String node, IOException e) {
        return new Finding(FindingType.UNREADABLE, Severity.INCOMPLETE, node, null, List.of(),
                "listing failed: " + e.getMessage());
    }

    /** The chain keys of {@code cluster/node}, empty when it is no such name. */
    static Optional<ChainKeys> chainKeys(String node) {
        int slash = node.indexOf('/');
        if (slash <= 0 || slash != node.lastIndexOf('/')) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChainKeys(node.substring(0, slash), node.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True when {@code node} is a {@code cluster/node} name. */
    static boolean isNodeName(String node) {
        return chainKeys(node).isPresent();
    }
}
