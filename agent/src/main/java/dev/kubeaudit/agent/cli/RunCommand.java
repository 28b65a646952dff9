package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.policy.PolicyFile;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the agent until SIGTERM/SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the agent (the default command). Stops on SIGTERM: exit status 143 is the normal end;"
                + " 70 after a fatal failure (a core thread died, the journal could not force to disk).",
                "A start that fails prints one line (--debug: and its stack trace) and exits with 2 when the"
                        + " configuration cannot be used (a key, or a file or directory it names), 1 otherwise"
                        + " (e.g. a port in use)."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Mixin
    LoggingOptions logging;

    @Override
    public Integer call() throws Exception {
        AgentConfig config = options.loadOrReport();
        if (config == null) {
            return 2;
        }
        logging.apply(config.logging());
        List<String> unsupported = Agent.unsupported(config);
        if (!unsupported.isEmpty()) {
            unsupported.forEach(ErrorLines::print);
            return 2;
        }
        List<String> unreadable = new ArrayList<>();
        PolicyFile.Read policy = PolicyProblems.read(config, unreadable);
        if (!unreadable.isEmpty() || policy != null && policy.policy() == null) {
            unreadable.forEach(ErrorLines::print);
            if (policy != null) {
                policy.errors().forEach(f -> ErrorLines.print(f.format(policy.file())));
            }
            return 2;
        }
        Agent agent;
        try {
            agent = Agent.start(config, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            return StartupFailure.report(e, config, logging.debug);
        }
        return UntilStopped.await(agent, "agent", agent.failure(), Agent.FATAL_EXIT_STATUS);
    }
}
