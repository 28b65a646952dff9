package dev.kubeaudit.agent.integrity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a node's chain lives in the archive, keys relative to the archive root (the destination's
 * prefix left out, so a copy made with {@code aws s3 sync} keeps them): segments under
 * {@code <cluster>/<node>/<yyyy>/<MM>/<dd>/}, each segment's manifest beside it as
 * {@code <segment key>.manifest}, gap records as
 * {@code <cluster>/<node>/integrity/gaps/<seq, 20 digits>.manifest}, checkpoints as
 * {@code <cluster>/<node>/integrity/checkpoints/<yyyy>/<MM>/<dd>/<yyyy-MM-ddTHH-mm-ss.SSS>Z-<size>.checkpoint}.
 * The origin of its checkpoints is {@code kube-audit-agent/<cluster>/<node>}. Pure; immutable.
 */
public record ChainKeys(String cluster, String node) {
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
    }

    /** The chain keys of the node a checkpoint origin names. */
    public static Optional<ChainKeys> ofOrigin(String origin) {
        Matcher m = ORIGIN.matcher(origin);
        return m.matches() ? Optional.of(new ChainKeys(m.group(1), m.group(2))) : Optional.empty();
    }

    public String origin() {
        return "kube-audit-agent/" + cluster + "/" + node;
    }

    /** Every key of this node starts with this. */
    public String nodePrefix() {
        return cluster + "/" + node + "/";
    }

    public static String manifestKey(String segmentKey) {
        return segmentKey + MANIFEST_SUFFIX;
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
