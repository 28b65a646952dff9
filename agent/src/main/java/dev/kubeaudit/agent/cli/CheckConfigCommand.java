package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Loads and validates a configuration without starting anything. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validates the configuration; exit 0 when valid, 2 with every problem listed otherwise.")
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        try {
            options.load();
            System.out.println((options.config == null ? "embedded defaults" : options.config) + ": ok");
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
