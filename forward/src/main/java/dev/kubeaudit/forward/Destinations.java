package dev.kubeaudit.forward;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.KeyProblem;
import dev.kubeaudit.forward.kafka.KafkaDestination;
import dev.kubeaudit.forward.kafka.KafkaProperties;
import dev.kubeaudit.forward.kafka.KafkaSettings;
import dev.kubeaudit.forward.webhook.WebhookDestination;
import dev.kubeaudit.forward.webhook.WebhookKubeconfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the destination of one {@code forward:} entry and says what check-config reports about
 * it. The webhook kind's two places ({@link #webhook} and {@link #webhookProblems}) are where the
 * webhook destination (package {@code dev.kubeaudit.forward.webhook}) plugs in. Stateless.
 */
final class Destinations {
    /** Per webhook request, connecting included; kube-apiserver's own webhook client waits 30 s too. */

    private Destinations() {
    }

    /** @throws IllegalArgumentException naming the destination when it cannot be opened as configured */
    static Destination open(AgentConfig config, AgentConfig.Forward forward) {
        if (forward.kafka() != null) {
            return KafkaDestination.open(kafkaSettings(config, forward.kafka()));
        }
        return webhook(config, forward);
    }

    static List<KeyProblem> check(AgentConfig.Forward forward, int index) {
        String key = "forward[" + index + "]";
        if (forward.kafka() != null) {
            List<KeyProblem> problems = new ArrayList<>();
            for (String problem : KafkaProperties.problems(forward.kafka().properties())) {
                problems.add(KeyProblem.error(key + ".kafka.properties", forward.name(), problem));
            }
            return problems;
        }
        return webhookProblems(forward, key + ".webhook.kubeconfig");
    }

    static KafkaSettings kafkaSettings(AgentConfig config, AgentConfig.Kafka kafka) {
        return KafkaSettings.of(kafka.bootstrapServers(), kafka.topic(), config.cluster(), config.node())
                .withCompression(kafka.compression()).withProperties(kafka.properties());
    }

    /** The webhook destination of {@code forward}: its kubeconfig read as kube-apiserver reads its webhook's. */
    private static Destination webhook(AgentConfig config, AgentConfig.Forward forward) {
        try {
            return WebhookDestination.open(WebhookKubeconfig.read(forward.webhook().kubeconfig()), forward.webhook().timeout(),
                    Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("forward '" + forward.name() + "': " + e.getMessage(), e);
        }
    }

    /** What is wrong with the kubeconfig file at {@code key}: not readable, not complete, its files unusable. */
    private static List<KeyProblem> webhookProblems(AgentConfig.Forward forward, String key) {
        List<KeyProblem> problems = new ArrayList<>();
        for (String problem : WebhookKubeconfig.problems(forward.webhook().kubeconfig())) {
            problems.add(KeyProblem.error(key, forward.webhook().kubeconfig(), problem));
        }
        return problems;
    }
}
