package dev.kubeaudit.forward;

import dev.kubeaudit.agent.config.AgentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Agent configurations with forwarding destinations, and plain webhook kubeconfigs, for the forwarding tests. */
public final class ForwardConfigs {
    /** The repository's plain-HTTP sample, whose server is {@code http://127.0.0.1:7777}. */
    public static final Path PLAIN_KUBECONFIG = Path.of("../config/webhook-kubeconfig.yaml");

    private ForwardConfigs() {
    }

    public static AgentConfig.Forward kafka(String name, String bootstrapServers, String topic, long maxBacklogBytes) {
        return new AgentConfig.Forward(name, null, new AgentConfig.Kafka(bootstrapServers, topic, "zstd", Map.of()),
                maxBacklogBytes, Duration.ZERO, AgentConfig.Forward.Overflow.SKIP,
                AgentConfig.Forward.DEFAULT_MAX_BATCH_EVENTS, AgentConfig.Forward.DEFAULT_MAX_BATCH_BYTES);
    }

    public static AgentConfig.Forward webhook(String name, Path kubeconfig, Duration timeout, long maxBacklogBytes) {
        return new AgentConfig.Forward(name, new AgentConfig.Webhook(kubeconfig, timeout), null, maxBacklogBytes,
                Duration.ZERO, AgentConfig.Forward.Overflow.SKIP, AgentConfig.Forward.DEFAULT_MAX_BATCH_EVENTS,
                AgentConfig.Forward.DEFAULT_MAX_BATCH_BYTES);
    }

    public static AgentConfig with(AgentConfig c, AgentConfig.Forward... forward) {
        return new AgentConfig(c.cluster(), c.node(), c.listen(), c.journal(), c.log(), c.policy(), c.ship(),
                c.metrics(), c.integrity(), c.logging(), List.of(forward));
    }

    /** Writes the plain sample kubeconfig to {@code file} with {@code server} as its server; returns the file. */
    public static Path plainKubeconfig(Path file, String server) throws IOException {
        Files.writeString(file, Files.readString(PLAIN_KUBECONFIG).replace("http://127.0.0.1:7777", server));
        return file;
    }
}
