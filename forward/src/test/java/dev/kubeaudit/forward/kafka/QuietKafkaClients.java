package dev.kubeaudit.forward.kafka;

import dev.kubeaudit.agent.testing.TestLogLevels;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Before any test of the JVM (registered in {@code META-INF/services}): the Kafka clients log errors
 * only; they would otherwise print their whole configuration for every client and a warning for
 * every refused connection while a test's broker is down on purpose.
 */
public final class QuietKafkaClients implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TestLogLevels.set("org.apache.kafka", "error");
    }
}
