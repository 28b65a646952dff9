package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.ConfigException;
import dev.kubeaudit.agent.config.ConfigLoader;
import dev.kubeaudit.agent.status.AgentStatus;
import dev.kubeaudit.agent.status.Health;
import dev.kubeaudit.agent.status.HealthPolicy;
import dev.kubeaudit.agent.status.MetricsAddress;
import dev.kubeaudit.agent.status.StatusJson;
import dev.kubeaudit.agent.status.StatusProbe;
import dev.kubeaudit.agent.status.StatusText;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One screen on a running agent, from its /metrics and /readyz: exit 0 healthy, 1 unhealthy
 * (every problem listed), 2 for a usage or configuration error.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows whether the running agent is healthy and how far behind it is, from its /metrics and"
                + " /readyz: exit 0 healthy, 1 unhealthy (not ready, unreachable, shipping stuck, journal refusing;"
                + " each listed under problems:), 2 usage or configuration error.")
final class StatusCommand implements Callable<Integer> {
    /** The packaged configuration, read when neither --config nor --metrics is given and it exists. */
    static final Path PACKAGED_CONFIG = Path.of("/etc/kube-audit-agent/agent.yaml");

    @Option(names = "--config", paramLabel = "FILE", description = "The agent's configuration: its metrics.address"
            + " and metrics.port are asked (0.0.0.0 and :: on loopback). Default: " + "/etc/kube-audit-agent/agent.yaml"
            + " if it exists, else the embedded defaults.")
    Path config;

    @Option(names = "--metrics", paramLabel = "URL", description = "The agent's /metrics URL, instead of --config,"
            + " e.g. http://127.0.0.1:9102/metrics.")
    String metrics;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (one object; field names in README \"Operations\").")
    String output;

    @Override
    public Integer call() throws InterruptedException {
        if (!List.of("text", "json").contains(output)) {
            System.err.println("-o: '" + output + "' (expected: text or json)");
            return 2;
        }
        if (config != null && metrics != null) {
            System.err.println("--config and --metrics: give one of them (--metrics names the URL itself)");
            return 2;
        }
        URI url;
        try {
            url = metrics != null ? MetricsAddress.parse(metrics) : fromConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        AgentStatus status = new StatusProbe(Clock.systemUTC(), StatusProbe.TIMEOUT).look(url);
        Health health = HealthPolicy.judge(status);
        System.out.print(output.equals("json") ? StatusJson.render(status, health) : StatusText.render(status, health));
        return health.healthy() ? 0 : 1;
    }

    private URI fromConfig() throws ConfigException {
        Path file = config != null ? config : Files.exists(PACKAGED_CONFIG) ? PACKAGED_CONFIG : null;
        AgentConfig.Metrics m = ConfigLoader.load(file, List.of()).metrics();
        try {
            return MetricsAddress.of(m.address(), m.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((file == null ? "(defaults)" : file.toString()) + ": " + e.getMessage(), e);
        }
    }
}
