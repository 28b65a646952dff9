package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.ConfigLoader;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.lifecycle.ServiceFailure;
import dev.kubeaudit.agent.ship.SegmentShippingProvider;
import dev.kubeaudit.agent.systemd.ServiceNotifier;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the standalone shipper until SIGTERM/SIGINT, when this build has one. */
@Command(name = "ship", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs only the shipper: ships the rotated backups beside log.path (e.g. kube-apiserver's"
                + " --audit-log-path) to ship.destination. Stops on SIGTERM: exit status 143 is the normal end.",
                "A start that fails prints one line (--debug: and its stack trace) and exits with 2 when the"
                        + " configuration cannot be used (a key, or a file or directory it names), 1 otherwise"
                        + " (e.g. a port in use)."})
final class ShipCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Mixin
    LoggingOptions logging;

    @Override
    public Integer call() throws IOException, InterruptedException {
        AgentConfig config = options.loadOrReport(ConfigLoader.Role.STANDALONE_SHIPPER);
        if (config == null) {
            return 2;
        }
        logging.apply(config.logging());
        if (!config.ship().enabled()) {
            ErrorLines.print("ship.destination: none (expected: file:<dir> or s3://<bucket>[/<prefix>]: the"
                    + " standalone shipper has nowhere to ship to)");
            return 2;
        }
        Optional<SegmentShippingProvider> provider = SegmentShippingProvider.onClassPath();
        if (provider.isEmpty()) {
            ErrorLines.print("This build has no shipper: build the project with its shipper module"
                    + " (agent/target/audit-agent.jar or shipper/target/audit-shipper.jar from `mvn -B verify`)");
            return 1;
        }
        ServiceFailure failure = new ServiceFailure("shipper", FatalFailures.NONE);
        Closeable shipper;
        try {
            shipper = provider.get().startStandalone(config, Clock.systemUTC(), failure);
        } catch (IOException | RuntimeException e) {
            return StartupFailure.report(e, config, logging.debug);
        }
        ServiceNotifier notifier = ServiceNotifier.fromEnvironment(System.getenv(), () -> true,
                () -> "Shipping the backups of " + config.log().path().toAbsolutePath(), failure);
        failure.onFailure(notifier::failed);
        notifier.ready();
        return UntilStopped.await(() -> {
            notifier.stopping();
            try {
                shipper.close();
            } finally {
                notifier.close();
            }
        }, "shipper", failure.future(), ServiceFailure.EXIT_STATUS);
    }
}
