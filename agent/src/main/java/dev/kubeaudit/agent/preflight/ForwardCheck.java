package dev.kubeaudit.agent.preflight;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.KeyProblem;
import dev.kubeaudit.agent.forward.ForwardingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * check-config for {@code forward:}: a forwarder in this build, and each destination as the
 * forwarder sees it (kubeconfig readable and complete, Kafka properties known). Stateless.
 */
final class ForwardCheck {
    private ForwardCheck() {
    }

    static List<KeyProblem> check(AgentConfig config) {
        List<AgentConfig.Forward> forward = config.forward();
        if (forward.isEmpty()) {
            return List.of();
        }
        Optional<ForwardingProvider> provider = ForwardingProvider.onClassPath();
        if (provider.isEmpty()) {
            return List.of(KeyProblem.error("forward", forward.size() + " destinations", "this build has no"
                    + " forwarder (the forward module is not on the class path) (expected: the audit-agent.jar"
                    + " built with its forward module, or no forward: list)"));
        }
        List<KeyProblem> problems = new ArrayList<>();
        for (int i = 0; i < forward.size(); i++) {
            problems.addAll(provider.get().check(forward.get(i), i));
        }
        return problems;
    }
}
