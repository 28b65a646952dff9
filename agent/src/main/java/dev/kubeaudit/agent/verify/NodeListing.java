package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.integrity.ChainKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which nodes to look at and their objects, in either layout ({@link ArchiveLayout}), found by key
 * alone: a node of the default layout owns {@code <cluster>/<node>/}; a node of the hive layout owns
 * {@code _integrity/<cluster>/<node>/} and the segments {@code cluster=<cluster>/…/<node>_…}. The
 * nodes asked for are looked up under both roots (the default layout when neither holds anything);
 * when none is asked for, every node owning objects in one listing of the whole archive, plus the
 * nodes {@code remembered} (a node whose objects are all gone is still looked at). One archive may
 * hold nodes of both layouts. A listing that fails is an {@code UNREADABLE} finding.
 *
 * <p>An archive may grow while it is listed (S3 lists page by page; the agent ships meanwhile), and
 * a checkpoint lies after the records it covers in key order: one listing could hold a checkpoint
 * whose newest records it missed, which would read as records deleted. So each node's checkpoints
 * are taken from that first listing and everything else from a second listing of the node made
 * after it (for the hive layout: of its integrity prefix and of its cluster's segments, the latter
 * listed once for all nodes of the cluster): every record a listed checkpoint covers was stored
 * before the checkpoint, so before the second listing began. Should the second listing fail, the
 * first one's objects are used. Not thread-safe: one per {@link #list} call.
 */
final class NodeListing {
    private static final Comparator<ChainKeys> ORDER =
            Comparator.comparing(ChainKeys::name).thenComparing(ChainKeys::layout);

    private final Archive archive;
    private final List<Finding> findings;
    private final Map<String, List<ArchiveObject>> clusterSegments = new HashMap<>();

    private NodeListing(Archive archive, List<Finding> findings) {
        this.archive = archive;
        this.findings = findings;
    }

    static Map<ChainKeys, NodeObjects> list(Archive archive, List<String> asked, Set<String> remembered,
                                            List<Finding> findings) {
        NodeListing listing = new NodeListing(archive, findings);
        Map<ChainKeys, List<ArchiveObject>> byNode = asked.isEmpty() ? listing.all(remembered) : listing.asked(asked);
        Map<ChainKeys, NodeObjects> out = new LinkedHashMap<>();
        byNode.forEach((keys, first) -> out.put(keys, NodeObjects.of(keys, first, listing.relisted(keys, first))));
        return out;
    }

    /** Each node asked for, under the root(s) holding its objects. */
    private Map<ChainKeys, List<ArchiveObject>> asked(List<String> asked) {
        Map<ChainKeys, List<ArchiveObject>> byNode = new TreeMap<>(ORDER);
        for (String node : asked) {
            Optional<ChainKeys> plain = chainKeys(node);
            if (plain.isEmpty()) {
                continue;
            }
            boolean inHive = false;
            Optional<ChainKeys> hive = chainKeys(node, ArchiveLayout.HIVE);
            if (hive.isPresent()) {
                List<ArchiveObject> objects = listPrefix(hive.get().nodePrefix(), node);
                if (objects != null && !objects.isEmpty()) {
                    byNode.put(hive.get(), objects);
                    inHive = true;
                }
            }
            List<ArchiveObject> objects = listPrefix(plain.get().nodePrefix(), node);
            if (objects != null && (!objects.isEmpty() || !inHive)) {
                byNode.put(plain.get(), objects);
            }
        }
        return byNode;
    }

    /** Every node owning objects in one listing of the archive, and the nodes {@code remembered}. */
    private Map<ChainKeys, List<ArchiveObject>> all(Set<String> remembered) {
        List<ArchiveObject> all = listPrefix("", "");
        if (all == null) {
            return Map.of();
        }
        Map<ChainKeys, List<ArchiveObject>> byNode = new TreeMap<>(ORDER);
        for (ArchiveObject o : all) {
            owner(o.key()).ifPresent(k -> byNode.computeIfAbsent(k, x -> new ArrayList<>()).add(o));
        }
        Set<String> found = new HashSet<>();
        byNode.keySet().forEach(k -> found.add(k.name()));
        for (String name : remembered) {
            if (!found.contains(name)) {
                chainKeys(name).ifPresent(k -> byNode.putIfAbsent(k, List.of()));
            }
        }
        return byNode;
    }

    /** The node whose object {@code key} is, in the layout the key is of; empty for a key of no node. */
    static Optional<ChainKeys> owner(String key) {
        ArchiveLayout layout = ArchiveLayout.ofKey(key);
        if (key.startsWith(layout.integrityRoot())) {   // <root><cluster>/<node>/…: every default-layout key
            String[] parts = key.substring(layout.integrityRoot().length()).split("/", 3);
            return parts.length == 3 ? chainKeys(parts[0] + "/" + parts[1], layout) : Optional.empty();
        }
        int slash = key.indexOf('/');   // a hive segment: cluster=<cluster>/…/<node>_…
        String last = key.substring(key.lastIndexOf('/') + 1);
        int underscore = last.indexOf('_');
        if (slash < 0 || underscore <= 0) {
            return Optional.empty();
        }
        return chainKeys(key.substring(key.indexOf('=') + 1, slash) + "/" + last.substring(0, underscore), layout);
    }

    /** The node's objects listed again, after the first listing; the first listing's when this one fails. */
    private List<ArchiveObject> relisted(ChainKeys keys, List<ArchiveObject> first) {
        List<ArchiveObject> own = listPrefix(keys.nodePrefix(), keys.name());
        if (own == null) {
            return first;
        }
        if (keys.layout() != ArchiveLayout.HIVE) {
            return own;
        }
        List<ArchiveObject> segments = clusterSegments.computeIfAbsent(keys.cluster(),
                c -> listPrefix(keys.segmentPrefix(), keys.name()));
        if (segments == null) {
            clusterSegments.remove(keys.cluster());   // failed: reported; the next node of the cluster tries again
            return first;
        }
        List<ArchiveObject> both = new ArrayList<>(own);
        segments.stream().filter(o -> keys.holds(o.key())).forEach(both::add);
        return both;
    }

    /** The objects under {@code prefix}, or null after reporting the failure as a finding of {@code node}. */
    private List<ArchiveObject> listPrefix(String prefix, String node) {
        try {
            return archive.list(prefix);
        } catch (IOException e) {
            findings.add(new Finding(FindingType.UNREADABLE, Severity.INCOMPLETE, node, null, List.of(),
                    "listing failed: " + e.getMessage()));
            return null;
        }
    }

    /** The chain keys of {@code cluster/node} in the default layout, empty when it is no such name. */
    static Optional<ChainKeys> chainKeys(String node) {
        return chainKeys(node, ArchiveLayout.DEFAULT);
    }

    private static Optional<ChainKeys> chainKeys(String node, ArchiveLayout layout) {
        int slash = node.indexOf('/');
        if (slash <= 0 || slash != node.lastIndexOf('/')) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChainKeys(node.substring(0, slash), node.substring(slash + 1), layout));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True when {@code node} is a {@code cluster/node} name. */
    static boolean isNodeName(String node) {
        return chainKeys(node).isPresent();
    }
}
