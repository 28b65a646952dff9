package dev.kubeaudit.agent;

/**
 * Named places where crash tests stop the JVM dead, as {@code kill -9} would. Inert unless the
 * system property {@code kubeaudit.crashPoint} names the point, optionally as {@code name:N} to
 * halt on the N-th time the point is reached (default 1). Production never sets it.
 */
public final class CrashPoint {
    /** Exit status of a JVM halted at a crash point. */
    public static final int HALT_STATUS = 86;

    private static final NamedPoint POINT = NamedPoint.fromProperty("kubeaudit.crashPoint");

    private CrashPoint() {
    }

    /** Halts the JVM without shutdown hooks when this is the configured point and hit. */
    public static void reach(String name) {
        if (!POINT.due(name)) {
            return;
        }
        System.err.println("crash point '" + name + "' reached: halting");
        System.err.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
