package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.ConfigException;
import dev.kubeaudit.agent.config.ConfigLoader;
import dev.kubeaudit.agent.tail.EventFilter;
import dev.kubeaudit.agent.tail.EventSource;
import dev.kubeaudit.agent.tail.FileSource;
import dev.kubeaudit.agent.tail.JournalSource;
import dev.kubeaudit.agent.tail.Tail;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tail}: events from the journal (read-only, beside a running agent) or from a log file, for people. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Prints audit events one per line: time, user, verb, resource namespace/name (or URI),"
                + " response code, level, stage. Reads the journal of --config (read-only: safe while the agent runs,"
                + " it never moves the writer's position), or FILE: audit.log, a backup, or an archived segment"
                + " (.gz, .zst).", "Exit 0, 1 when the journal or file cannot be read, 2 on usage errors."})
final class TailCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A log file or archived segment instead of the journal.")
    Path file;

    @Option(names = "--config", paramLabel = "FILE", description = "Agent configuration naming journal.dir"
            + " (default: the embedded defaults).")
    Path config;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events as they arrive.")
    boolean follow;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Option(names = {"-n", "--lines"}, paramLabel = "N|all", defaultValue = "10",
            description = "Start with the last N events (default: ${DEFAULT-VALUE}); all: from the oldest.")
    String lines;

    @Option(names = {"-o", "--output"}, paramLabel = "human|json", defaultValue = "human",
            description = "human lines (default) or each event's JSON line as in audit.log.")
    String output;

    @Option(names = "--user", split = ",", description = "Only events of these users (user.username).")
    List<String> users;

    @Option(names = "--verb", split = ",", description = "Only these verbs.")
    List<String> verbs;

    @Option(names = "--namespace", split = ",", description = "Only these namespaces.")
    List<String> namespaces;

    @Option(names = "--resource", split = ",", paramLabel = "RESOURCE",
            description = "Only these resources: pods (any subresource), pods/log, deployments.apps, …")
    List<String> resources;

    @Override
    public Integer call() throws InterruptedException {
        logging.apply(AgentConfig.Logging.DEFAULTS);
        Tail tail = new Tail(new EventFilter(users, verbs, namespaces, resources), output());
        long last = last();
        EventSource source;
        try {
            source = open(last);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        try (source) {
            tail.run(source, out, follow, 200, () -> Thread.currentThread().isInterrupted());
            return 0;
        } catch (IOException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private EventSource open(long last) throws ConfigException, IOException {
        if (file != null) {
            if (config != null) {
                throw new ParameterException(spec.commandLine(), "give either FILE or --config, not both");
            }
            return FileSource.open(file, last);
        }
        AgentConfig agent = ConfigLoader.load(config, List.of());
        return JournalSource.open(agent.journal().dir(), last);
    }

    private Tail.Output output() {
        switch (output.toLowerCase(Locale.ROOT)) {
            case "human":
                return Tail.Output.HUMAN;
            case "json":
                return Tail.Output.JSON;
            default:
                throw new ParameterException(spec.commandLine(), "--output: " + output + " (expected: human or json)");
        }
    }

    private long last() {
        if (lines.equalsIgnoreCase("all")) {
            return -1;
        }
        try {
            long n = Long.parseLong(lines);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "--lines: " + lines + " (expected: a number >= 0 or all)");
    }
}
