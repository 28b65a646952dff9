package dev.kubeaudit.forward.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.testing.TestPki;
import dev.kubeaudit.forward.ForwardConfigs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's sample webhook kubeconfigs and broken variants of them. */
class WebhookKubeconfigTest {
    static final Path TLS_SAMPLE = Path.of("../config/webhook-kubeconfig-tls.yaml");
    static final Path APISERVER_SAMPLE = Path.of("../config/kube-apiserver/audit-webhook-kubeconfig.yaml");

    @TempDir
    Path dir;
    Path ca;
    Path cert;
    Path key;
    private int files;

    @BeforeEach
    void pki() throws IOException {
        TestPki.Issued authority = TestPki.ca("forward-test-ca");
        ca = dir.resolve("ca.crt");
        Files.writeString(ca, TestPki.pem(authority.certificate()));
        cert = dir.resolve("client.crt");
        key = dir.resolve("client.key");
        TestPki.client(authority, "kube-apiserver-audit").write(cert, key);
    }

    @Test
    void thePlainSampleIsHttpOnLoopbackWithoutCredentials() {
        WebhookKubeconfig config = WebhookKubeconfig.read(ForwardConfigs.PLAIN_KUBECONFIG);
        assertThat(config.server()).isEqualTo(URI.create("http://127.0.0.1:7777"));
        assertThat(config.tls()).isFalse();
        assertThat(config.credentials()).isEmpty();
        assertThat(WebhookKubeconfig.problems(ForwardConfigs.PLAIN_KUBECONFIG)).isEmpty();
    }

    @Test
    void theTlsSamplesNameTheirServerCaAndClientCertificate() {
        for (Path sample : List.of(TLS_SAMPLE, APISERVER_SAMPLE)) {
            WebhookKubeconfig config = WebhookKubeconfig.read(sample);
            assertThat(config.server()).isEqualTo(URI.create("https://10.0.0.10:7777"));
            assertThat(config.certificateAuthority().file()).isEqualTo(Path.of("/etc/kubernetes/audit/agent-ca.crt"));
            assertThat(config.clientCertificate().file()).isEqualTo(Path.of("/etc/kubernetes/audit/apiserver-audit-client.crt"));
            assertThat(config.clientKey().file()).isEqualTo(Path.of("/etc/kubernetes/audit/apiserver-audit-client.key"));
            assertThat(config.token()).isNull();
            assertThat(WebhookKubeconfig.problems(sample)).singleElement().asString()
                    .startsWith(sample + ": clusters[")
                    .contains("certificate-authority '/etc/kubernetes/audit/agent-ca.crt': unreadable (NoSuchFileException");
        }
    }

    @Test
    void theTlsSamplesWithTheirFilesInPlaceHaveNoProblems() throws IOException {
        for (Path sample : List.of(TLS_SAMPLE, APISERVER_SAMPLE)) {
            Path copy = write(Files.readString(sample)
                    .replace("/etc/kubernetes/audit/agent-ca.crt", ca.toString())
                    .replace("/etc/kubernetes/audit/apiserver-audit-client.crt", cert.toString())
                    .replace("/etc/kubernetes/audit/apiserver-audit-client.key", key.toString()));
            assertThat(WebhookKubeconfig.problems(copy)).isEmpty();
        }
    }

    @Test
    void relativePathsAreResolvedAgainstTheKubeconfigsFolder() throws IOException {
        Path file = write(kubeconfig("certificate-authority: ca.crt", "client-certificate: client.crt\n    client-key: client.key"));
        WebhookKubeconfig config = WebhookKubeconfig.read(file);
        assertThat(config.certificateAuthority().file()).isEqualTo(ca.toAbsolutePath());
        assertThat(WebhookKubeconfig.problems(file)).isEmpty();
    }

    @Test
    void inlineDataAndATokenFileAreRead() throws IOException {
        Files.writeString(dir.resolve("token"), "s3cret-token\n");
        Path file = write(kubeconfig("certificate-authority-data: " + base64(ca),
                "client-certificate-data: " + base64(cert) + "\n    client-key-data: " + base64(key)
                        + "\n    token: ignored\n    tokenFile: token"));
        assertThat(WebhookKubeconfig.problems(file)).isEmpty();
        WebhookKubeconfig config = WebhookKubeconfig.read(file);
        assertThat(config.certificateAuthority().describe()).endsWith("certificate-authority-data (inline)");
        assertThat(config.token().file()).isEqualTo(dir.resolve("token").toAbsolutePath());
    }

    @Test
    void withoutCurrentContextTheOnlyClusterAndUserAreTaken() throws IOException {
        Path file = write("clusters:\n- name: a\n  cluster:\n    server: http://127.0.0.1:1\n"
                + "users:\n- name: u\n  user:\n    token: abc\n");
        WebhookKubeconfig config = WebhookKubeconfig.read(file);
        assertThat(config.server()).isEqualTo(URI.create("http://127.0.0.1:1"));
        assertThat(new String(config.token().data(), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void brokenKubeconfigsNameFileKeyAndProblem() throws IOException {
        String cluster = "clusters[c].cluster.";
        String user = "users[u].user.";
        assertProblem(kubeconfig("certificate-authority: ca.crt\n    insecure-skip-tls-verify: true", ""),
                cluster + "insecure-skip-tls-verify: true is refused");
        assertProblem(kubeconfig("", "").replace("server: https://127.0.0.1:7777", "server: ''"), cluster + "server: missing");
        assertProblem(kubeconfig("", "").replace("https://127.0.0.1:7777", "ftp://127.0.0.1"),
                cluster + "server: ftp://127.0.0.1 (expected");
        assertProblem(kubeconfig("", "").replace("current-context: x", "current-context: other"),
                "contexts: no entry named 'other' (named by current-context)");
        assertProblem(kubeconfig("", "client-certificate: client.crt"),
                user + "client-key: missing (expected: client-certificate and client-key together)");
        assertProblem(kubeconfig("certificate-authority-data: '%%%not-base64'", ""),
                cluster + "certificate-authority-data: bad base64");
        assertProblem(kubeconfig("certificate-authority: ca.crt\n    certificate-authority-data: " + base64(ca), ""),
                cluster + "certificate-authority: both certificate-authority and certificate-authority-data are given");
        assertProblem(kubeconfig("", "exec:\n      command: aws"), user + "exec: not supported");
        assertProblem(kubeconfig("certificate-authority: ca.crt", "").replace("https://", "http://"),
                cluster + "server: http://127.0.0.1:7777: TLS settings are given but the server is not https");
        assertProblem("clusters: [\n", "unreadable or not YAML");
        assertProblem("- just\n- a list\n", "not a kubeconfig");
    }

    @Test
    void brokenFilesNameKeyFileAndProblem() throws IOException {
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello\n");
        assertProblem(kubeconfig("certificate-authority: not.pem", ""), "clusters[c].cluster.certificate-authority '"
                + notPem.toAbsolutePath() + "': not PEM certificates (no PEM CERTIFICATE block)");
        Path otherKey = dir.resolve("other.key");
        TestPki.client(TestPki.ca("other"), "x").write(dir.resolve("other.crt"), otherKey);
        assertProblem(kubeconfig("", "client-certificate: client.crt\n    client-key: other.key"),
                "users[u].user.client-key '" + otherKey.toAbsolutePath() + "': does not match the public key of");
        assertProblem(kubeconfig("", "client-certificate: client.crt\n    client-key: client.crt"),
                "users[u].user.client-key '" + cert.toAbsolutePath() + "': no PEM PRIVATE KEY block");
        Files.writeString(dir.resolve("empty-token"), "\n");
        assertProblem(kubeconfig("", "tokenFile: empty-token"), "users[u].user.tokenFile '"
                + dir.resolve("empty-token").toAbsolutePath() + "': empty token");
        assertProblem(kubeconfig("", "tokenFile: missing-token"), "users[u].user.tokenFile '"
                + dir.resolve("missing-token").toAbsolutePath() + "': unreadable (NoSuchFileException");
        assertThat(WebhookKubeconfig.problems(dir.resolve("absent.yaml"))).singleElement().asString()
                .startsWith(dir.resolve("absent.yaml") + ": unreadable or not YAML");
    }

    @Test
    void readRefusesWithEveryProblemOfTheKubeconfig() throws IOException {
        Path file = write(kubeconfig("insecure-skip-tls-verify: true", "client-key: client.key"));
        assertThatThrownBy(() -> WebhookKubeconfig.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ": clusters[c].cluster.insecure-skip-tls-verify")
                .hasMessageContaining(file + ": users[u].user.client-certificate: missing");
    }

    private void assertProblem(String yaml, String expected) throws IOException {
        Path file = write(yaml);
        assertThat(WebhookKubeconfig.problems(file)).as(yaml)
                .anySatisfy(p -> assertThat(p).startsWith(file + ": ").contains(expected));
    }

    /** A kubeconfig with cluster c (https on loopback) and user u, with extra lines for each. */
    static String kubeconfig(String clusterLines, String userLines) {
        return "apiVersion: v1\nkind: Config\ncurrent-context: x\n"
                + "contexts:\n- name: x\n  context:\n    cluster: c\n    user: u\n"
                + "clusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:7777\n"
                + (clusterLines.isEmpty() ? "" : "    " + clusterLines + "\n")
                + "users:\n- name: u\n  user:\n" + (userLines.isEmpty() ? "    {}\n" : "    " + userLines + "\n");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("kubeconfig-" + (++files) + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }
}
