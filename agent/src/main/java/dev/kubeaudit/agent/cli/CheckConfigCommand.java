package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.ConfigLoader;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.policy.PolicyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Loads and validates a configuration, and the policy file it names, without starting anything. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validates the configuration, its policy.file and integrity.signingKeyFile; exit 0 when valid, 2 with every problem"
                + " listed otherwise.")
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--standalone", description = "Checks the configuration of the standalone shipper (audit-agent"
            + " ship, audit-shipper.jar), which ships another writer's backups: log.rotateInterval is not asked for"
            + " with ship.layout: hive.")
    boolean standalone;

    @Override
    public Integer call() {
        AgentConfig config = options.loadOrReport(standalone ? ConfigLoader.Role.STANDALONE_SHIPPER
                : ConfigLoader.Role.AGENT);
        if (config == null) {
            return 2;
        }
        List<String> unreadable = new ArrayList<>();
        PolicyFile.Read policy = PolicyProblems.read(config, unreadable);
        unreadable.forEach(System.err::println);
        if (policy != null) {
            policy.formatted().forEach(System.err::println);
        }
        Path keyFile = config.integrity().signingKeyFile();
        if (config.integrity().enabled() && keyFile != null) {
            try {
                SigningKey.readPrivate(keyFile, "integrity.signingKeyFile: ");
            } catch (IOException e) {
                unreadable.add(e.getMessage());
                System.err.println(e.getMessage());
            }
        }
        if (!unreadable.isEmpty() || policy != null && policy.policy() == null) {
            return 2;
        }
        System.out.println((options.config == null ? "embedded defaults" : options.config) + ": ok");
        return 0;
    }
}
