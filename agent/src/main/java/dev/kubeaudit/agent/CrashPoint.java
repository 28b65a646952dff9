package dev.kubeaudit.agent;

/**
 * Named places where crash tests stop the JVM dead, as {@code kill -9} would. Inert unless the
 * system property {@code kubeaudit.crashPoint} names the point, optionally as {@code name:N} to
 * halt on the N-th time the point is reached (default 1). Production never sets it.
 */
public final class CrashPoint {
    /** Exit status of a JVM halted at a crash point. */
    public static final int HALT_STATUS = 86;

    private static final String NAME;
    private static final int AT;
    private static int hits;

    static {
        String spec = System.getProperty("kubeaudit.crashPoint", "");
        int colon = spec.indexOf(':');
        NAME = colon < 0 ? spec : spec.substring(0, colon);
        AT = colon < 0 ? 1 : Integer.parseInt(spec.substring(colon + 1));
    }

    private CrashPoint() {
    }

    /** Halts the JVM without shutdown hooks when this is the configured point and hit. */
    public static void reach(String name) {
        if (NAME.isEmpty() || !NAME.equals(name)) {
            return;
        }
        synchronized (CrashPoint.class) {
            if (++hits < AT) {
                return;
            }
        }
        System.err.println("crash point '" + name + "' reached: halting");
        System.err.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
