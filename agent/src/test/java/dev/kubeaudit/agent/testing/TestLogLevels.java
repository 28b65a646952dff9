package dev.kubeaudit.agent.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Sets the level of a library's logger in a test JVM whose log is the agent's (Logback), e.g. to
 * quiet a test S3 server whose lines would land in the standard error a test captures; does nothing
 * under another SLF4J binding (Spark's log4j in archive-sql-check). The agent's own set-up leaves
 * these levels alone. Stateless.
 */
public final class TestLogLevels {
    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

    private TestLogLevels() {
    }

    /** Sets {@code logger} to {@code level} (trace … off). */
    public static void set(String logger, String level) {
        if (LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK)) {
            Logback.set(logger, level);
        }
    }

    /** Loaded only under Logback. */
    private static final class Logback {
        static void set(String logger, String level) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(logger).setLevel(Level.toLevel(level));
        }
    }
}
