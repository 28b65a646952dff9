package dev.kubeaudit.shipper.store;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.integrity.ChainKeys;
import java.time.Instant;
import java.util.Objects;

/**
 * The object keys of one node in one destination: {@code <prefix>/<key relative to the archive root>},
 * the relative keys as {@code layout} names them ({@link ArchiveLayout#segmentKey}: default
 * {@code <cluster>/<node>/<yyyy>/<MM>/<dd>/<backup file name>}, hive
 * {@code cluster=<cluster>/dt=<yyyy-MM-dd>/<node>_<backup file name>}), the date (UTC) taken from
 * the backup's name, so the same segment always gets the same key; integrity objects as
 * {@link #chainKeys()} names them. An empty prefix leaves it out. Pure; thread-safe (immutable).
 */
public record ObjectKeys(String prefix, String cluster, String node, ArchiveLayout layout) {

    public ObjectKeys {
        prefix = prefix == null ? "" : strip(prefix);
        requireName("cluster", cluster);
        requireName("node", node);
        Objects.requireNonNull(layout, "layout").requireNode(node);
    }

    /** The keys of the default layout. */
    public ObjectKeys(String prefix, String cluster, String node) {
        this(prefix, cluster, node, ArchiveLayout.DEFAULT);
    }

    /** The key of the segment file {@code fileName} rotated at {@code segmentTime}. */
    public String keyFor(String fileName, Instant segmentTime) {
        return withPrefix(relativeKeyFor(fileName, segmentTime));
    }

    /** The key of {@code fileName} without the prefix, as the layout names it: the key manifests name. */
    public String relativeKeyFor(String fileName, Instant segmentTime) {
        return layout.segmentKey(cluster, node, fileName, segmentTime);
    }

    /** Where this node's manifests, gap records and checkpoints go, relative to the archive root. */
    public ChainKeys chainKeys() {
        return new ChainKeys(cluster, node, layout);
    }

    /** The key under which an object with key {@code relativeKey} (relative to the archive root) is stored. */
    public String withPrefix(String relativeKey) {
        return prefix.isEmpty() ? relativeKey : prefix + "/" + relativeKey;
    }

    private static String strip(String prefix) {
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isEmpty() || value.contains("/")) {
            throw new IllegalArgumentException(what + ": '" + value + "' (expected: a non-empty name without /)");
        }
    }
}
