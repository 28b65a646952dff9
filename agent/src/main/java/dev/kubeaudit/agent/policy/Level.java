package dev.kubeaudit.agent.policy;

/**
 * An audit level, in increasing order of what an event carries: {@code None} (no event),
 * {@code Metadata} (no bodies), {@code Request} (the request body), {@code RequestResponse} (both).
 */
public enum Level {
    NONE("None"),
    METADATA("Metadata"),
    REQUEST("Request"),
    REQUEST_RESPONSE("RequestResponse");

    private final String wireName;

    Level(String wireName) {
        this.wireName = wireName;
    }

    /** The name as written in policies and events, e.g. {@code RequestResponse}. */
    public String wireName() {
        return wireName;
    }

    /** The level of this wire name (case-sensitive, as kube-apiserver), or null when there is none. */
    public static Level of(String wireName) {
        for (Level level : values()) {
            if (level.wireName.equals(wireName)) {
                return level;
            }
        }
        return null;
    }

    /** The lower of the two. */
    public Level atMost(Level other) {
        return compareTo(other) <= 0 ? this : other;
    }
}
