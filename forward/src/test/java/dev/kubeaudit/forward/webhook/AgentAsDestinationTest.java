package dev.kubeaudit.forward.webhook;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.TestPki;
import dev.kubeaudit.forward.ForwardConfigs;
import dev.kubeaudit.forward.ForwardedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second real agent, started in-process on 127.0.0.1, as the destination: configured with the
 * repository's sample kubeconfigs (their server and paths pointed at it), it writes every posted
 * event to its audit.log as the line that was sent, and a re-sent batch (byte-identical) once.
 */
class AgentAsDestinationTest {
    static final String TOKEN = "forwarding-token-0123456789";

    @TempDir
    Path dir;

    @AfterEach
    void noAgentThreadOutlivesClose() {
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(5));
    }

    @Test
    void theReceivingAgentsAuditLogEqualsTheLinesSentOverPlainHttp() throws Exception {
        AgentConfig config = TestConfigs.under(dir.resolve("receiver"));
        try (Agent receiver = Agent.start(config, Clock.systemUTC())) {
            Path kubeconfig = ForwardConfigs.plainKubeconfig(dir.resolve("webhook.kubeconfig"),
                    "http://127.0.0.1:" + receiver.ingestPort());
            assertThat(WebhookKubeconfig.problems(kubeconfig)).isEmpty();
            forwardAndCompare(kubeconfig, config);
        }
    }

    @Test
    void theReceivingAgentsAuditLogEqualsTheLinesSentOverMutualTlsWithAToken() throws Exception {
        TestPki.Issued ca = TestPki.ca("cluster-ca");
        Path tls = Files.createDirectories(dir.resolve("tls"));
        TestPki.server(ca, "audit-agent", false).write(tls.resolve("server.crt"), tls.resolve("server.key"));
        TestPki.client(ca, "kube-apiserver-audit").write(tls.resolve("client.crt"), tls.resolve("client.key"));
        Files.writeString(tls.resolve("ca.crt"), TestPki.pem(ca.certificate()));
        Files.writeString(tls.resolve("token"), TOKEN + "\n");
        AgentConfig base = TestConfigs.under(dir.resolve("receiver"));
        AgentConfig.Listen l = base.listen();
        AgentConfig config = new AgentConfig(base.cluster(), base.node(), new AgentConfig.Listen(l.address(), 0, "/",
                l.maxRequestBytes(), l.maxInFlightBytes(), new AgentConfig.Tls(tls.resolve("server.crt"),
                tls.resolve("server.key"), tls.resolve("ca.crt"), List.of("kube-apiserver-audit")), tls.resolve("token"),
                false, l.limits()), base.journal(), base.log(), base.policy(), base.ship(), base.metrics(), base.integrity());
        try (Agent receiver = Agent.start(config, Clock.systemUTC())) {
            Path kubeconfig = dir.resolve("webhook.kubeconfig");
            Files.writeString(kubeconfig, Files.readString(WebhookKubeconfigTest.TLS_SAMPLE)
                    .replace("https://10.0.0.10:7777", "https://127.0.0.1:" + receiver.ingestPort())
                    .replace("/etc/kubernetes/audit/agent-ca.crt", tls.resolve("ca.crt").toString())
                    .replace("/etc/kubernetes/audit/apiserver-audit-client.crt", tls.resolve("client.crt").toString())
                    .replace("/etc/kubernetes/audit/apiserver-audit-client.key", tls.resolve("client.key").toString())
                    .replace("# tokenFile: /etc/kubernetes/audit/token", "tokenFile: " + tls.resolve("token")));
            assertThat(WebhookKubeconfig.read(kubeconfig).token()).isNotNull();
            assertThat(WebhookKubeconfig.problems(kubeconfig)).isEmpty();
            forwardAndCompare(kubeconfig, config);
        }
    }

    private static void forwardAndCompare(Path kubeconfig, AgentConfig receiverConfig) throws Exception {
        Path log = receiverConfig.log().path();
        List<String> sent = new ArrayList<>();
        try (WebhookDestination destination = WebhookDestination.open(WebhookKubeconfig.read(kubeconfig),
                Duration.ofSeconds(10), Clock.systemUTC())) {
            for (int b = 0; b < 5; b++) {
                List<ForwardedEvent> batch = WebhookDestinationTest.events("batch" + b, b == 2 ? 400 : 7);
                destination.send(batch);
                if (b == 3) {
                    destination.send(batch);   // a re-send after an unseen acknowledgement: de-duplicated
                }
                batch.forEach(e -> sent.add(new String(e.line(), StandardCharsets.UTF_8)));
            }
        }
        awaitUntil(Duration.ofSeconds(20), () -> lines(log).size() >= sent.size(), "every forwarded event in audit.log");
        assertThat(lines(log)).containsExactlyElementsOf(sent);
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? AuditLogFiles.lines(log) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
