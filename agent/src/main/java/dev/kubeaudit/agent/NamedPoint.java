package dev.kubeaudit.agent;

/**
 * A test point chosen by a system property, as {@code name} or {@code name:N} (from the N-th time
 * it is reached on; default 1). Inert when the property is unset, which production never sets.
 * Thread-safe.
 */
final class NamedPoint {
    private final String name;
    private final int at;
    private int hits;

    private NamedPoint(String name, int at) {
        this.name = name;
        this.at = at;
    }

    /** The point the system property {@code property} names, read now. */
    static NamedPoint fromProperty(String property) {
        String spec = System.getProperty(property, "");
        int colon = spec.indexOf(':');
        return colon < 0 ? new NamedPoint(spec, 1)
                : new NamedPoint(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
    }

    /** True when {@code point} is the chosen one and has now been reached at least N times. */
    boolean due(String point) {
        if (name.isEmpty() || !name.equals(point)) {
            return false;
        }
        synchronized (this) {
            return ++hits >= at;
        }
    }
}
