package dev.kubeaudit.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.KeyProblem;
import dev.kubeaudit.agent.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config and opening for a forward[].webhook entry. */
class DestinationsWebhookTest {
    @TempDir
    Path dir;

    @Test
    void checkConfigReportsEveryKubeconfigProblemUnderTheDestinationsKey() throws Exception {
        Path kubeconfig = dir.resolve("falco.kubeconfig");
        Files.writeString(kubeconfig, Files.readString(Path.of("../config/webhook-kubeconfig-tls.yaml"))
                .replace("server: https://10.0.0.10:7777", "server: https://10.0.0.10:7777\n    insecure-skip-tls-verify: true"));
        List<KeyProblem> problems = Destinations.check(webhook(kubeconfig), 2);
        assertThat(problems).singleElement().asString()
                .contains("forward[2].webhook.kubeconfig")
                .contains(kubeconfig + ": clusters[audit-agent].cluster.insecure-skip-tls-verify: true is refused");

        Files.writeString(kubeconfig, Files.readString(ForwardConfigs.PLAIN_KUBECONFIG));
        assertThat(Destinations.check(webhook(kubeconfig), 0)).isEmpty();
    }

    @Test
    void openingNamesTheDestinationAndTheProblem() {
        Path missing = dir.resolve("missing.kubeconfig");
        assertThatThrownBy(() -> Destinations.open(TestConfigs.under(dir), webhook(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("forward 'falco': " + missing + ": unreadable or not YAML");
    }

    private static AgentConfig.Forward webhook(Path kubeconfig) {
        return ForwardConfigs.webhook("falco", kubeconfig, AgentConfig.Webhook.DEFAULT_TIMEOUT, 1L << 30);
    }
}
