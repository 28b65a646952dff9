package dev.kubeaudit.agent.testing;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;

import java.time.Duration;

/** The agent's own threads in this JVM, for teardown checks that nothing outlived a close. */
public final class AgentThreads {
    private AgentThreads() {
    }

    /** Waits up to {@code timeout} until no agent thread is alive; fails otherwise. */
    public static void awaitNoneAlive(Duration timeout) {
        awaitUntil(timeout, () -> Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .noneMatch(n -> n.startsWith("audit-log-writer") || n.startsWith("journal-writer")
                        || n.startsWith("ingest-") || n.startsWith("audit-metrics-http")
                        || n.startsWith("logfile-housekeeper")), "every agent thread stopped");
    }
}
