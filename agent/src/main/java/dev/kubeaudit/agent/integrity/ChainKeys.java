package dev.kubeaudit.agent.integrity;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.SegmentKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a node's chain lives in the archive, keys relative to the archive root (the destination's
 * prefix left out, so a copy made with {@code aws s3 sync} keeps them). Every integrity object lies
 * under the layout's integrity root R ("" in the {@link ArchiveLayout#DEFAULT default} layout,
 * {@code _integrity/} in the {@link ArchiveLayout#HIVE hive} layout) with the same key in both:
 * each segment's manifest as {@code R<cluster>/<node>/<yyyy>/<MM>/<dd>/<backup>.manifest}, gap
 * records as {@code R<cluster>/<node>/integrity/gaps/<seq, 20 digits>.manifest}, checkpoints as
 * {@code R<cluster>/<node>/integrity/checkpoints/<yyyy>/<MM>/<dd>/<yyyy-MM-ddTHH-mm-ss.SSS>Z-<size>.checkpoint}.
 * Segments lie under {@code <cluster>/<node>/<yyyy>/<MM>/<dd>/} (default) or as
 * {@code cluster=<cluster>/dt=<yyyy-MM-dd>/<node>_<backup>} (hive). The origin of its checkpoints is
 * {@code kube-audit-agent/<cluster>/<node>} in both. Pure; immutable.
 */
public record ChainKeys(String cluster, String node, ArchiveLayout layout) {
    public static final String MANIFEST_SUFFIX = ".manifest";
    public static final String CHECKPOINT_SUFFIX = ".checkpoint";
    private static final String INTEGRITY = "integrity/";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ORIGIN = Pattern.compile("kube-audit-agent/([^/\\s+]+)/([^/\\s+]+)");

    public ChainKeys {
        requireName("cluster", cluster);
        requireName("node", node);
        Objects.requireNonNull(layout, "layout").requireNode(node);
    }

    /** The keys of the default layout. */
    public ChainKeys(String cluster, String node) {
        this(cluster, node, ArchiveLayout.DEFAULT);
    }

    /** The chain keys, in the default layout, of the node a checkpoint origin names. */
    public static Optional<ChainKeys> ofOrigin(String origin) {
        Matcher m = ORIGIN.matcher(origin);
        return m.matches() ? Optional.of(new ChainKeys(m.group(1), m.group(2))) : Optional.empty();
    }

    public String origin() {
        return "kube-audit-agent/" + cluster + "/" + node;
    }

    /** {@code <cluster>/<node>}, the node's name in reports. */
    public String name() {
        return cluster + "/" + node;
    }

    /** Every integrity object of this node starts with this; in the default layout every segment too. */
    public String nodePrefix() {
        return layout.integrityRoot() + cluster + "/" + node + "/";
    }

    /**
     * Every segment of this node starts with this: {@link #nodePrefix()} in the default layout; in
     * the hive layout {@code cluster=<cluster>/}, which the cluster's other nodes share.
     */
    public String segmentPrefix() {
        return layout == ArchiveLayout.HIVE ? "cluster=" + cluster + "/" : nodePrefix();
    }

    /**
     * True when {@code key} lies where this node's objects lie: under {@link #nodePrefix()}, or
     * (hive) under {@link #segmentPrefix()} with a last path part {@code <node>_…}.
     */
    public boolean holds(String key) {
        if (key.startsWith(nodePrefix())) {
            return true;
        }
        return layout == ArchiveLayout.HIVE && key.startsWith(segmentPrefix())
                && key.substring(key.lastIndexOf('/') + 1).startsWith(node + "_");
    }

    /**
     * True when {@code key} lies in the node's integrity area, where no segment belongs:
     * {@code <cluster>/<node>/integrity/} (default), all of {@link #nodePrefix()} (hive).
     */
    public boolean inIntegrityArea(String key) {
        return key.startsWith(layout == ArchiveLayout.HIVE ? nodePrefix() : nodePrefix() + INTEGRITY);
    }

    /**
     * The key of the manifest of the segment stored under {@code segmentKey}: the layout's
     * {@link ArchiveLayout#manifestKey}. A key that is no segment key of this layout (never written
     * by the shipper; found by a verifier) gets {@code <integrity root><key>.manifest}.
     */
    public String manifestKey(String segmentKey) {
        if (layout == ArchiveLayout.DEFAULT) {
            return layout.manifestKey(segmentKey);
        }
        return SegmentKey.parse(segmentKey).filter(k -> k.layout() == layout).map(SegmentKey::manifestKey)
                .orElseGet(() -> layout.integrityRoot() + segmentKey + MANIFEST_SUFFIX);
    }

    public String gapKey(long seq) {
        return nodePrefix() + INTEGRITY + "gaps/" + String.format("%020d", seq) + MANIFEST_SUFFIX;
    }

    public String checkpointPrefix() {
        return nodePrefix() + INTEGRITY + "checkpoints/";
    }

    /** A new checkpoint's key: by time, then tree size, so listing order is time order. */
    public String checkpointKey(Instant time, long size) {
        return checkpointPrefix() + DAY.format(time) + "/" + STAMP.format(time) + "-" + size + CHECKPOINT_SUFFIX;
    }

    public boolean isCheckpoint(String key) {
        return key.startsWith(checkpointPrefix()) && key.endsWith(CHECKPOINT_SUFFIX);
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isEmpty() || value.contains("/") || value.contains(" ") || value.contains("+")) {
            throw new IllegalArgumentException(what + ": '" + value + "' (expected: a non-empty name without '/',"
                    + " spaces or '+')");
        }
    }
}
