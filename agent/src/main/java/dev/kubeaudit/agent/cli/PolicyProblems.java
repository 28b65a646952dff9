package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.policy.PolicyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The findings of a configuration's policy.file, for the commands that load a configuration. Stateless. */
final class PolicyProblems {
    private PolicyProblems() {
    }

    /** What reading policy.file gave, or null when none is set; an unreadable file is one error line. */
    static PolicyFile.Read read(AgentConfig config, List<String> unreadable) {
        Path file = config.policy().file();
        if (file == null) {
            return null;
        }
        try {
            return PolicyFile.read(file);
        } catch (IOException e) {
            unreadable.add("policy.file: " + e.getMessage());
            return null;
        }
    }
}
