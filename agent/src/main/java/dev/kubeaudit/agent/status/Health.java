package dev.kubeaudit.agent.status;

import java.util.List;

/** The verdict on an {@link AgentStatus}: problems (unhealthy) and warnings (healthy all the same). Immutable. */
public record Health(List<String> problems, List<String> warnings) {
    public Health {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean healthy() {
        return problems.isEmpty();
    }
}
