package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.testing.AuditLogFiles;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.TestPki;
import dev.kubeaudit.agent.testing.TestPki.Issued;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled agent with TLS, client certificates and a token from its configuration; safe files. */
class SecureAgentTest {
    static final String TOKEN = "agent-token-42";

    @TempDir
    Path dir;

    @AfterEach
    void noAgentThreadOutlivesClose() {
        awaitUntil(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName)
                .noneMatch(n -> n.startsWith("ingest-") || n.startsWith("journal-writer")
                        || n.startsWith("audit-log-writer") || n.startsWith("audit-metrics-http")), "agent threads stopped");
    }

    @Test
    void servesMutualTlsWithATokenFromItsConfigurationAndCountsRefusals() throws Exception {
        Issued ca = TestPki.ca("cluster-ca");
        TestPki.server(ca, "audit-agent", false).write(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        Files.writeString(dir.resolve("ca.crt"), TestPki.pem(ca.certificate()));
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        AgentConfig base = TestConfigs.under(dir);
        AgentConfig.Listen l = base.listen();
        AgentConfig config = new AgentConfig(base.cluster(), base.node(), new AgentConfig.Listen(l.address(), 0, "/",
                l.maxRequestBytes(), l.maxInFlightBytes(), new AgentConfig.Tls(dir.resolve("tls.crt"), dir.resolve("tls.key"),
                dir.resolve("ca.crt"), List.of("kube-apiserver")), dir.resolve("token"), false, l.limits()),
                base.journal(), base.log(), base.policy(), base.ship(), base.metrics(), base.integrity());
        List<String> events = AgentTest.events("tls", 3);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            SSLContext apiserver = TestPki.clientContext(ca, TestPki.client(ca, "kube-apiserver"));
            assertThat(post(agent, apiserver, "Bearer " + TOKEN, Webhook.eventList(events))).isEqualTo(200);
            assertThat(post(agent, TestPki.clientContext(ca, TestPki.client(ca, "someone")), "Bearer " + TOKEN,
                    Webhook.eventList(AgentTest.events("other", 1)))).isEqualTo(403);
            assertThat(post(agent, apiserver, "Bearer nope", Webhook.eventList(AgentTest.events("nope", 1)))).isEqualTo(401);
            awaitUntil(Duration.ofSeconds(20), () -> lines(config).size() == 3, "the accepted events in audit.log");
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agent.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics)
                    .containsPattern("audit_agent_auth_failures_total\\{[^}]*reason=\"client_name_not_allowed\"[^}]*} 1.0")
                    .containsPattern("audit_agent_auth_failures_total\\{[^}]*reason=\"token_wrong\"[^}]*} 1.0")
                    .contains("# HELP audit_agent_tls_reload_failures_total")
                    .containsPattern("audit_agent_tls_certificate_expiry_timestamp_seconds\\{[^}]*} [1-9]");
        }
        assertThat(lines(config)).containsExactlyElementsOf(events);
    }

    @Test
    void logFilesAndStateArePrivate() throws Exception {
        AgentConfig config = TestConfigs.under(dir);
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            assertThat(new Webhook(agent.ingestPort()).post(Webhook.eventList(AgentTest.events("m", 2))).statusCode())
                    .isEqualTo(200);
            awaitUntil(Duration.ofSeconds(20), () -> lines(config).size() == 2, "the events in audit.log");
        }
        assertThat(mode(config.log().path())).isEqualTo("rw-------");
        assertThat(mode(config.log().path().getParent())).isEqualTo("rwx------");
        assertThat(mode(config.journal().dir())).isEqualTo("rwx------");
        try (Stream<Path> state = Files.list(config.journal().dir())) {
            assertThat(state.filter(Files::isRegularFile)).allSatisfy(f ->
                    assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void aWorldWritableLogDirectoryStopsStartUp() throws Exception {
        Path logDir = Files.createDirectory(dir.resolve("shared-log"));
        Files.setPosixFilePermissions(logDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = Files.writeString(dir.resolve("agent.yaml"), "log:\n  path: " + logDir.resolve("audit.log")
                + "\njournal:\n  dir: " + dir.resolve("journal") + "\n");
        String err = capturingErr(() -> assertThat(Main.execute("run", "--config", file.toString())).isEqualTo(2));
        assertThat(err).contains("log.path: directory '" + logDir + "' is writable by every user (rwxrwxrwx)");
        assertThat(dir.resolve("journal")).doesNotExist();
    }

    @Test
    void plainHttpOnAnOpenAddressNeedsAllowInsecure() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), "listen:\n  address: 0.0.0.0\n");
        String err = capturingErr(() -> assertThat(Main.execute("check-config", "--config", file.toString())).isEqualTo(2));
        assertThat(err).contains(file + ":2: listen.address: 0.0.0.0 (expected: a loopback address")
                .contains("listen.allowInsecure: true");
        Files.writeString(file, "listen:\n  address: 0.0.0.0\n  allowInsecure: true\nship:\n  destination: none\n");
        assertThat(Main.execute("check-config", "--config", file.toString())).isZero();
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String capturingErr(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    private static int post(Agent agent, SSLContext context, String authorization, byte[] body)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + agent.ingestPort() + "/"))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static List<String> lines(AgentConfig config) {
        try {
            return AuditLogFiles.lines(config.log().path());
        } catch (IOException e) {
            return List.of();
        }
    }
}
