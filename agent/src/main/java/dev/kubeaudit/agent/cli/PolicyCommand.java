package dev.kubeaudit.agent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code policy check} and {@code policy explain}. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Checks an audit policy, or shows what it does to recorded events.",
        subcommands = {PolicyCheckCommand.class, PolicyExplainCommand.class})
final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "expected a sub-command: check or explain");
    }
}
