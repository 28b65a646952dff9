package dev.kubeaudit.search.testing;

import dev.kubeaudit.agent.testing.TestLogLevels;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Before any test of the JVM (registered in {@code META-INF/services}): Netty's leak reports off.
 * LocalS3 leaks request buffers of its own; the reports of them (not of our code: the agent and
 * shipper modules' tests keep the detector on and loud) would land in a captured standard error at
 * random. The shipper's test-jar quiets the test S3 servers themselves ({@code QuietTestServers}).
 */
public final class QuietLeakReports implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TestLogLevels.set("io.netty.util.ResourceLeakDetector", "off");
    }
}
