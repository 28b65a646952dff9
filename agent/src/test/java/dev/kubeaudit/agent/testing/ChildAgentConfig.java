package dev.kubeaudit.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent.yaml of an agent in a child JVM: journal and log under {@code dir}, webhook and
 * metrics on 127.0.0.1 ports chosen once, so a restarted child answers where the first one did.
 *
 * @param file the YAML file
 * @param dir the folder holding the file, the journal ({@code journal/}) and the log ({@code log/})
 * @param port the webhook port
 * @param metricsPort the port of {@code /metrics}
 */
public record ChildAgentConfig(Path file, Path dir, int port, int metricsPort) {

    /**
     * Writes {@code dir/agent.yaml}. {@code journalKeys} and {@code logKeys} are added to the flow
     * maps of those sections (e.g. {@code "sync: always"}, {@code "maxSize: 1, compress: true"});
     * {@code sections} are further top-level YAML lines (e.g. a {@code ship:} section; without one,
     * {@code ship.destination: none}).
     */
    public static ChildAgentConfig write(Path dir, String journalKeys, String logKeys, String... sections)
            throws IOException {
        ChildAgentConfig config = new ChildAgentConfig(dir.resolve("agent.yaml"), dir, ChildAgent.freePort(),
                ChildAgent.freePort());
        StringBuilder yaml = new StringBuilder("node: test-node\n")
                .append("listen: {address: 127.0.0.1, port: ").append(config.port).append("}\n")
                .append("journal: {dir: '").append(config.journal()).append("', minFreeBytes: 0")
                .append(journalKeys.isEmpty() ? "" : ", " + journalKeys).append("}\n")
                .append("log: {path: '").append(config.log()).append('\'')
                .append(logKeys.isEmpty() ? "" : ", " + logKeys).append("}\n")
                .append("metrics: {address: 127.0.0.1, port: ").append(config.metricsPort).append("}\n");
        boolean ship = false;
        for (String section : sections) {
            yaml.append(section).append('\n');
            ship |= section.startsWith("ship:");
        }
        if (!ship) {
            yaml.append("ship: {destination: none}\n"); // the agent module's tests run without the shipper
        }
        Files.createDirectories(dir);
        Files.writeString(config.file, yaml);
        return config;
    }

    /** The active audit.log. */
    public Path log() {
        return dir.resolve("log").resolve("audit.log");
    }

    /** journal.dir, which also holds the writer's checkpoint and the ship ledger. */
    public Path journal() {
        return dir.resolve("journal");
    }
}
