package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.ConfigException;
import dev.kubeaudit.agent.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --config and the kube-apiserver --audit-log-* flags, shared by the commands that load a configuration. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (default: the embedded defaults).")
    Path config;

    @Option(names = "--audit-log-path", paramLabel = "PATH", description = "Overrides log.path.")
    String path;

    @Option(names = "--audit-log-maxage", paramLabel = "DAYS", description = "Overrides log.maxAge (0: no limit).")
    String maxAge;

    @Option(names = "--audit-log-maxbackup", paramLabel = "N", description = "Overrides log.maxBackup (0: no limit).")
    String maxBackup;

    @Option(names = "--audit-log-maxsize", paramLabel = "MiB", description = "Overrides log.maxSize (0: 100 MiB, as in kube-apiserver).")
    String maxSize;

    @Option(names = "--audit-log-compress", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "Overrides log.compress.")
    String compress;

    @Option(names = "--audit-log-format", paramLabel = "FORMAT", description = "Overrides log.format: json or legacy.")
    String format;

    /** The agent's configuration. */
    AgentConfig load() throws ConfigException {
        return load(ConfigLoader.Role.AGENT);
    }

    /** The configuration as {@code role} reads it. */
    AgentConfig load(ConfigLoader.Role role) throws ConfigException {
        List<String> flags = new ArrayList<>();
        add(flags, "--audit-log-path", path);
        add(flags, "--audit-log-maxage", maxAge);
        add(flags, "--audit-log-maxbackup", maxBackup);
        add(flags, "--audit-log-maxsize", maxSize);
        add(flags, "--audit-log-compress", compress);
        add(flags, "--audit-log-format", format);
        return ConfigLoader.load(config, flags, role);
    }

    /** The agent's configuration, or null after printing every problem to standard error. */
    AgentConfig loadOrReport() {
        return loadOrReport(ConfigLoader.Role.AGENT);
    }

    /** The configuration as {@code role} reads it, or null after printing every problem to standard error. */
    AgentConfig loadOrReport(ConfigLoader.Role role) {
        try {
            return load(role);
        } catch (ConfigException e) {
            ErrorLines.print(e.getMessage());
            return null;
        }
    }

    private static void add(List<String> flags, String name, String value) {
        if (value != null) {
            flags.add(name + "=" + value);
        }
    }
}
