package dev.kubeaudit.agent.archive;

import dev.kubeaudit.agent.config.AgentConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where segments sit in an archive, keys relative to the archive root ({@code ship.layout}):
 * <ul>
 *   <li>{@link #DEFAULT}: {@code <cluster>/<node>/<yyyy>/<MM>/<dd>/<backup>}, each segment's
 *   manifest beside it as {@code <segment key>.manifest} and the node's gap records and checkpoints
 *   under {@code <cluster>/<node>/integrity/};</li>
 *   <li>{@link #HIVE}: {@code cluster=<cluster>/dt=<yyyy-MM-dd>/<node>_<backup>}, so that Spark,
 *   Trino and Athena read the segments as a table partitioned by cluster and day; everything else
 *   (manifests, gaps, checkpoints) under {@code _integrity/} with the keys the default layout
 *   gives them ({@code _integrity/<cluster>/<node>/<yyyy>/<MM>/<dd>/<backup>.manifest}, …), which
 *   query engines skip as a hidden folder.</li>
 * </ul>
 * The date is the UTC day of the segment's time, taken from the backup name, so the same segment
 * always gets the same key. In the hive layout node names hold no '_'. Pure; thread-safe.
 */
public enum ArchiveLayout {
    DEFAULT(""),
    HIVE("_integrity/");

    private static final Pattern DEFAULT_KEY =
            Pattern.compile("([^/]+)/([^/]+)/(\\d{4})/(\\d{2})/(\\d{2})/([^/]+)");
    private static final Pattern HIVE_KEY =
            Pattern.compile("cluster=([^/]+)/dt=(\\d{4})-(\\d{2})-(\\d{2})/([^/_]+)_([^/]+)");

    private static final String HIVE_SEGMENTS = "cluster=";

    private final String integrityRoot;

    ArchiveLayout(String integrityRoot) {
        this.integrityRoot = integrityRoot;
    }

    /** The layout of the configuration's {@code ship.layout}. */
    public static ArchiveLayout of(AgentConfig.Layout layout) {
        return switch (layout) {
            case DEFAULT -> DEFAULT;
            case HIVE -> HIVE;
        };
    }

    /** The layout {@code ship.layout} names: {@code default} or {@code hive}. */
    public static Optional<ArchiveLayout> named(String name) {
        for (ArchiveLayout layout : values()) {
            if (layout.configName().equals(name)) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }

    /**
     * The layout an object key (relative to the archive root) is a key of: {@link #HIVE} for the
     * keys under {@code _integrity/} or {@code cluster=}, {@link #DEFAULT} for every other (a
     * cluster name, as configured, starts with neither).
     */
    public static ArchiveLayout ofKey(String key) {
        return key.startsWith(HIVE.integrityRoot) || key.startsWith(HIVE_SEGMENTS) ? HIVE : DEFAULT;
    }

    /** Its {@code ship.layout} value. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The prefix of every integrity object (manifest, gap record, checkpoint): "" or {@code _integrity/}. */
    public String integrityRoot() {
        return integrityRoot;
    }

    /** The key of segment {@code fileName} (a backup name) of {@code cluster}/{@code node}, rotated at {@code segmentTime}. */
    public String segmentKey(String cluster, String node, String fileName, Instant segmentTime) {
        if (fileName.isEmpty() || fileName.contains("/")) {
            throw new IllegalArgumentException("fileName: '" + fileName + "' (expected: a file name without /)");
        }
        requireNode(node);
        String folder = dayFolder(cluster, node, LocalDate.ofInstant(segmentTime, ZoneOffset.UTC));
        return this == HIVE ? folder + node + "_" + fileName : folder + fileName;
    }

    /**
     * The folder of the segments of {@code cluster}/{@code node} rotated on {@code day} (UTC):
     * {@code <cluster>/<node>/<yyyy>/<MM>/<dd>/}, or in the hive layout
     * {@code cluster=<cluster>/dt=<yyyy-MM-dd>/}, which every node of the cluster shares.
     */
    public String dayFolder(String cluster, String node, LocalDate day) {
        if (this == HIVE) {
            return clusterFolder(cluster) + "dt=" + day + "/";
        }
        return clusterFolder(cluster) + node + "/" + String.format("%04d/%02d/%02d/", day.getYear(),
                day.getMonthValue(), day.getDayOfMonth());
    }

    /** The top folder of a cluster's segments: {@code <cluster>/}, or {@code cluster=<cluster>/}. */
    public String clusterFolder(String cluster) {
        return (this == HIVE ? HIVE_SEGMENTS : "") + cluster + "/";
    }

    /**
     * The cluster whose segments a top folder's name holds in this layout ({@code X} for {@code X}
     * in the default layout, for {@code cluster=X} in the hive layout); empty for another layout's
     * folder or for {@code _integrity}.
     */
    public Optional<String> clusterOfFolder(String folder) {
        if (folder.startsWith("_")) {
            return Optional.empty();
        }
        boolean hive = folder.startsWith(HIVE_SEGMENTS);
        if (this == HIVE) {
            return hive ? Optional.of(folder.substring(HIVE_SEGMENTS.length())) : Optional.empty();
        }
        return hive ? Optional.empty() : Optional.of(folder);
    }

    /** Fails unless {@code node} can name a node in this layout: in the hive layout it holds no '_'. */
    public void requireNode(String node) {
        if (this == HIVE && node.contains("_")) {
            throw new IllegalArgumentException("node: '" + node + "' (expected: no '_' in the hive layout)");
        }
    }

    /** The key of the manifest of the segment stored under {@code segmentKey} (a key of this layout). */
    public String manifestKey(String segmentKey) {
        if (this == DEFAULT) {
            return segmentKey + ".manifest";
        }
        return SegmentKey.parse(segmentKey).filter(k -> k.layout() == HIVE).map(SegmentKey::manifestKey).orElseThrow(
                () -> new IllegalArgumentException("segmentKey: '" + segmentKey + "' (expected: a hive-layout segment key)"));
    }

    static Optional<SegmentKey> parseKey(String key) {
        Matcher hive = HIVE_KEY.matcher(key);
        if (hive.matches()) {
            return SegmentKey.of(HIVE, key, hive.group(1), hive.group(5), hive.group(6),
                    hive.group(2) + "-" + hive.group(3) + "-" + hive.group(4));
        }
        Matcher plain = DEFAULT_KEY.matcher(key);
        if (plain.matches() && !plain.group(1).startsWith("_")) {
            return SegmentKey.of(DEFAULT, key, plain.group(1), plain.group(2), plain.group(6),
                    plain.group(3) + "-" + plain.group(4) + "-" + plain.group(5));
        }
        return Optional.empty();
    }
}
