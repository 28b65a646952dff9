package dev.kubeaudit.shipper.testing;

import dev.kubeaudit.agent.testing.TestLogLevels;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Before any test of the JVM (registered in {@code META-INF/services}): the test S3 servers
 * (s3proxy and its shaded Jetty, LocalS3) log warnings and errors only, so that their lines do not
 * land in the standard error a command-line test captures; the agent's and shipper's own loggers
 * log as they do in production.
 */
public final class QuietTestServers implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TestLogLevels.set("org.gaul", "warn");
        TestLogLevels.set("com.robothy", "warn");
    }
}
