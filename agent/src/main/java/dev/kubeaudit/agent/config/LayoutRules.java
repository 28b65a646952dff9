package dev.kubeaudit.agent.config;

import java.time.Duration;

/**
 * What {@code ship.layout: hive} asks of the rest of the configuration, checked once every section
 * is read: the node name holds no '_' (its keys are {@code <node>_<backup>}); and where the agent
 * writes the log itself, {@code log.rotateInterval} is set and at most 24h, so that every event of
 * a segment under {@code dt=D} was written on day D - 1 or D (a segment is dated by its rotation).
 * The standalone shipper ships another writer's backups, rotated by size alone: there
 * rotateInterval means nothing and is not asked for. Each problem is reported at the line of the
 * key that breaks the rule, or of {@code ship.layout} when that key is not written. Stateless.
 */
final class LayoutRules {
    static final Duration MAX_ROTATE_INTERVAL = Duration.ofHours(24);
    private static final String ROTATE = "rotateInterval";

    private LayoutRules() {
    }

    static void check(Section root, AgentConfig config, ConfigLoader.Role role) {
        if (config.ship().layout() != AgentConfig.Layout.HIVE) {
            return;
        }
        int layoutLine = root.peek("ship").line("layout");
        if (config.node().contains("_")) {
            boolean written = root.has("node");
            root.problemAt(written ? root.line("node") : layoutLine, "node", config.node(), "a name without '_' with"
                    + " ship.layout: hive (segments are keyed <node>_<backup>)" + (written ? "" : "; the host name has one:"
                    + " set node"));
        }
        if (role == ConfigLoader.Role.AGENT) {
            rotateInterval(root.peek("log"), config.log().rotateInterval(), layoutLine);
        }
    }

    private static void rotateInterval(Section log, Duration interval, int layoutLine) {
        boolean written = log.has(ROTATE);
        if (written && !readable(log.shown(ROTATE))) {
            return;   // reported as no duration already
        }
        if (interval.isZero() || interval.compareTo(MAX_ROTATE_INTERVAL) > 0) {
            log.problemAt(written ? log.line(ROTATE) : layoutLine, log.keyPath(ROTATE), log.shown(ROTATE),
                    "set and <= 24h with ship.layout: hive, so that an event under dt=D was written on day D-1 or D");
        }
    }

    private static boolean readable(String text) {
        try {
            GoDuration.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
