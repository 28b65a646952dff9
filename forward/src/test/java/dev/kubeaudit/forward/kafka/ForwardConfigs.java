package dev.kubeaudit.forward.kafka;

import dev.kubeaudit.agent.config.AgentConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Agent configurations with a Kafka forwarding destination, for the forwarding tests. */
final class ForwardConfigs {
    private ForwardConfigs() {
    }

    static AgentConfig.Forward kafka(String name, String bootstrapServers, String topic, long maxBacklogBytes) {
        return new AgentConfig.Forward(name, null, new AgentConfig.Kafka(bootstrapServers, topic, "zstd", Map.of()),
                maxBacklogBytes, Duration.ZERO, AgentConfig.Forward.Overflow.SKIP,
                AgentConfig.Forward.DEFAULT_MAX_BATCH_EVENTS, AgentConfig.Forward.DEFAULT_MAX_BATCH_BYTES);
    }

    static AgentConfig with(AgentConfig c, AgentConfig.Forward... forward) {
        return new AgentConfig(c.cluster(), c.node(), c.listen(), c.journal(), c.log(), c.policy(), c.ship(),
                c.metrics(), c.integrity(), c.logging(), List.of(forward));
    }
}
