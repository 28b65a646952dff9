package dev.kubeaudit.agent;

import java.io.IOException;

/**
 * Named places where failure tests make the agent fail as a broken disk or a dying thread would.
 * Inert unless the system property {@code kubeaudit.faultPoint} names the point, optionally as
 * {@code name:N} to fail from the N-th time the point is reached on (default 1). Production never
 * sets it. Like {@link CrashPoint}, read once at class initialisation.
 */
public final class FaultPoint {
    /** The journal's force to disk fails with an IOException (journal.sync: always). */
    public static final String JOURNAL_FORCE = "journal-force";
    /** The journal thread dies of an Error while appending. */
    public static final String JOURNAL_THREAD = "journal-thread";
    /** The log writer thread dies of an Error while writing. */
    public static final String WRITER_THREAD = "writer-thread";

    private static final NamedPoint POINT = NamedPoint.fromProperty("kubeaudit.faultPoint");

    private FaultPoint() {
    }

    /** Throws an IOException at {@code name} when it is the configured point and due. */
    public static void ioFailure(String name) throws IOException {
        if (POINT.due(name)) {
            throw new IOException("injected failure at fault point '" + name + "'");
        }
    }

    /** Throws an Error at {@code name} when it is the configured point and due. */
    public static void error(String name) {
        if (POINT.due(name)) {
            throw new InternalError("injected error at fault point '" + name + "'");
        }
    }
}
