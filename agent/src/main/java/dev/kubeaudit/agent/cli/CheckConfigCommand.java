package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.ConfigLoader;
import dev.kubeaudit.agent.config.KeyLines;
import dev.kubeaudit.agent.config.KeyProblem;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.policy.PolicyFile;
import dev.kubeaudit.agent.preflight.Preflight;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Loads and validates a configuration, the policy file and signing key it names, and what start-up
 * would fail on ({@link Preflight}), without starting anything; with --probe it also reaches the
 * store. Problems go to standard error, one a line; exit 2 when any is an error.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = {"Checks what start-up would fail on, without starting anything: the configuration, its"
                + " policy.file and integrity.signingKeyFile, the TLS and token files (loaded as start-up loads them;"
                + " a certificate expiring within 30 days is a warning), listen.address and metrics.address (addresses"
                + " of this host), the directories the agent writes (can be created or written by this user, sane"
                + " modes), log.group and log.fileMode.",
                "Each problem is one line on standard error: FILE:LINE: key: value: problem (what to do); a warning"
                + " reads FILE:LINE: warning: key: …. Exit 0 when there is no error (warnings allowed), 2 otherwise."
                + " The systemd unit runs it as ExecStartPre, so a configuration that cannot start stops there."})
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--standalone", description = "Checks the configuration of the standalone shipper (audit-agent"
            + " ship, audit-shipper.jar), which ships another writer's backups: log.rotateInterval is not asked for"
            + " with ship.layout: hive, and the webhook (listen.*, log.group) is not checked.")
    boolean standalone;

    @Option(names = "--probe", description = "Also reaches the store of ship.destination as the shipper would: for"
            + " s3:// one HeadBucket with ship.endpoint, ship.region, ship.pathStyle and the AWS SDK's default"
            + " credentials; for file: the folder. Gives up after 10 s; a failure is an error with the store's answer.")
    boolean probe;

    @Override
    public Integer call() {
        ConfigLoader.Role role = standalone ? ConfigLoader.Role.STANDALONE_SHIPPER : ConfigLoader.Role.AGENT;
        AgentConfig config = options.loadOrReport(role);
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
        List<KeyProblem> problems = new ArrayList<>(Preflight.check(config, role, Clock.systemUTC()));
        Preflight.Reached reached = probe ? Preflight.probe(config, problems, Preflight.PROBE_TIMEOUT) : null;
        if (reached != null && reached.problem() != null) {
            problems.add(reached.problem());
        }
        KeyLines lines = KeyLines.of(options.config);
        if (options.path != null) {
            lines.setBy("log.path", "--audit-log-path");
        }
        problems.sort(Comparator.comparingInt(lines::line));
        problems.forEach(p -> System.err.println(lines.format(p)));
        if (reached != null && reached.answer() != null) {
            System.out.println(reached.answer());
        }
        if (!unreadable.isEmpty() || policy != null && policy.policy() == null
                || problems.stream().anyMatch(KeyProblem::isError)) {
            return 2;
        }
        long warnings = problems.size();
        System.out.println((options.config == null ? "embedded defaults" : options.config) + ": ok"
                + (warnings == 0 ? "" : " (" + warnings + (warnings == 1 ? " warning)" : " warnings)")));
        return 0;
    }
}
