package dev.kubeaudit.forward.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS of the webhook destination against an HTTPS receiver on 127.0.0.1 that requires a client
 * certificate: the server checked by the kubeconfig's CA and by name (tls-server-name), the
 * client certificate presented and read again when its files change.
 */
class WebhookTlsTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    TestPki.Issued serverCa;
    TestPki.Issued clientCa;
    SSLContext serverContext;

    @BeforeEach
    void pki() throws Exception {
        serverCa = TestPki.ca("server-ca");
        clientCa = TestPki.ca("client-ca");
        Files.writeString(dir.resolve("server-ca.crt"), TestPki.pem(serverCa.certificate()));
        TestPki.client(clientCa, "kube-apiserver-audit").write(dir.resolve("client.crt"), dir.resolve("client.key"));
        serverContext = serverContext(TestPki.server(serverCa, "receiver", false), clientCa);
    }

    @Test
    void presentsTheClientCertificateAndTrustsTheServerByTheKubeconfigsCa() throws Exception {
        try (ScriptedReceiver receiver = ScriptedReceiver.tls(serverContext);
             WebhookDestination destination = open(receiver, "")) {
            destination.send(WebhookDestinationTest.events("tls", 3));
            assertThat(receiver.requests()).singleElement()
                    .satisfies(r -> assertThat(r.clientSubject()).isEqualTo("CN=kube-apiserver-audit"))
                    .satisfies(r -> assertThat(r.body()).isEqualTo(EventListBody.of(WebhookDestinationTest.events("tls", 3))));
        }
    }

    @Test
    void tlsServerNameIsTheNameTheServerCertificateMustCarry() throws Exception {
        try (ScriptedReceiver receiver = ScriptedReceiver.tls(serverContext)) {
            try (WebhookDestination destination = open(receiver, "\n    tls-server-name: localhost")) {
                destination.send(WebhookDestinationTest.events("named", 1));
            }
            try (WebhookDestination destination = open(receiver, "\n    tls-server-name: other.example")) {
                assertThatThrownBy(() -> destination.send(WebhookDestinationTest.events("named", 1)))
                        .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> {
                            assertThat(e.retriable()).isTrue();
                            assertThat(e.reason()).isEqualTo("tls");
                        })
                        .hasMessageContaining("failed: SSLHandshakeException").hasMessageContaining("is not valid for 'other.example'");
            }
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void aServerOfAnotherCaIsRefused() throws Exception {
        SSLContext impostor = serverContext(TestPki.server(TestPki.ca("impostor-ca"), "receiver", false), clientCa);
        try (ScriptedReceiver receiver = ScriptedReceiver.tls(impostor);
             WebhookDestination destination = open(receiver, "")) {
            assertThatThrownBy(() -> destination.send(WebhookDestinationTest.events("impostor", 1)))
                    .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> assertThat(e.reason()).isEqualTo("tls"));
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aRenewedClientCertificateIsPresentedOnceItsFilesChanged() throws Exception {
        try (ScriptedReceiver receiver = ScriptedReceiver.tls(serverContext);
             WebhookDestination destination = open(receiver, "")) {
            destination.send(WebhookDestinationTest.events("before", 1));
            TestPki.client(clientCa, "renewed").write(dir.resolve("client.crt"), dir.resolve("client.key"));
            clock.advance(Duration.ofSeconds(1));
            destination.send(WebhookDestinationTest.events("after", 1));
            assertThat(receiver.requests()).extracting(ScriptedReceiver.Request::clientSubject)
                    .containsExactly("CN=kube-apiserver-audit", "CN=renewed");
        }
    }

    private WebhookDestination open(ScriptedReceiver receiver, String clusterLines) throws IOException {
        Path file = dir.resolve("webhook.kubeconfig");
        Files.writeString(file, "apiVersion: v1\nkind: Config\ncurrent-context: x\n"
                + "contexts:\n- name: x\n  context:\n    cluster: c\n    user: u\n"
                + "clusters:\n- name: c\n  cluster:\n    server: " + receiver.uri("https") + "\n"
                + "    certificate-authority: server-ca.crt" + clusterLines + "\n"
                + "users:\n- name: u\n  user:\n    client-certificate: client.crt\n    client-key: client.key\n");
        return WebhookDestination.open(WebhookKubeconfig.read(file), Duration.ofSeconds(5), clock);
    }

    private static SSLContext serverContext(TestPki.Issued server, TestPki.Issued clientCa) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.keys().getPrivate(), "x".toCharArray(),
                new java.security.cert.Certificate[] {server.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "x".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("client-ca", clientCa.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
