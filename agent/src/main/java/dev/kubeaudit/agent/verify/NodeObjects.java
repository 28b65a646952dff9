package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.integrity.ChainKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's objects as listed, sorted out by key: its manifests (gap records too), its checkpoints,
 * and everything else (segments, and whatever else lies there), sorted by key; the checkpoints may
 * come from an earlier listing than the rest ({@link NodeListing} says why). Which objects are the
 * node's is {@link ChainKeys#holds}, in the node's layout. Immutable.
 */
record NodeObjects(ChainKeys keys, List<ArchiveObject> manifests, List<ArchiveObject> checkpoints,
                   Map<String, ArchiveObject> others) {

    /** The checkpoints of {@code checkpointsListed}, the manifests and other objects of {@code restListed}. */
    static NodeObjects of(ChainKeys keys, List<ArchiveObject> checkpointsListed, List<ArchiveObject> restListed) {
        List<ArchiveObject> manifests = new ArrayList<>();
        List<ArchiveObject> checkpoints = new ArrayList<>();
        Map<String, ArchiveObject> others = new TreeMap<>();
        for (ArchiveObject o : checkpointsListed) {
            if (keys.isCheckpoint(o.key())) {
                checkpoints.add(o);
            }
        }
        for (ArchiveObject o : restListed) {
            if (!keys.holds(o.key()) || keys.isCheckpoint(o.key())) {
                continue;
            }
            if (o.key().endsWith(ChainKeys.MANIFEST_SUFFIX)) {
                manifests.add(o);
            } else {
                others.put(o.key(), o);
            }
        }
        return new NodeObjects(keys, List.copyOf(manifests), List.copyOf(checkpoints), Collections.unmodifiableMap(others));
    }

    String node() {
        return keys.name();
    }

    boolean isEmpty() {
        return manifests.isEmpty() && checkpoints.isEmpty() && others.isEmpty();
    }
}
