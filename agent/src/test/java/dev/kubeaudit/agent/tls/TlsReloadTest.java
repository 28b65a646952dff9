package dev.kubeaudit.agent.tls;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.TestPki;
import dev.kubeaudit.agent.testing.TestPki.Issued;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates renewed on disk during a run: new connections get the new server certificate and
 * the new client CA; a corrupt replacement keeps the old material serving and is reported once.
 */
class TlsReloadTest {
    static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    Path dir;
    SecuredWebhook webhook;

    @AfterEach
    void close() {
        if (webhook != null) {
            webhook.close();
        }
    }

    static Stream<SslProvider> providers() {
        return Stream.of(SslProvider.OPENSSL, SslProvider.JDK);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void newConnectionsSeeRenewedFilesAndACorruptFileKeepsTheOldOnes(SslProvider provider) throws Exception {
        Issued ca1 = TestPki.ca("ca-1");
        Issued ca2 = TestPki.ca("ca-2");
        Issued server1 = TestPki.server(ca1, "agent-1", false);
        Issued server2 = TestPki.server(ca2, "agent-2", true);
        Issued client1 = TestPki.client(ca1, "kube-apiserver");
        Issued client2 = TestPki.client(ca2, "kube-apiserver");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Path ca = dir.resolve("ca.crt");
        server1.write(cert, key);
        Files.writeString(ca, TestPki.pem(ca1.certificate()));
        webhook = new SecuredWebhook(dir, new SecurityFiles(cert, key, ca, List.of("kube-apiserver"), null), provider, POLL);
        assertThat(peer(post(TestPki.clientContext(ca1, client1), "before"))).isEqualTo(server1.certificate());

        // renew as cert-manager does: new files renamed into place
        replace(cert, TestPki.pem(server2.certificate()));
        replace(key, TestPki.pem(server2.keys().getPrivate()));
        replace(ca, TestPki.pem(ca2.certificate()));
        awaitUntil(Duration.ofSeconds(10), () -> webhook.reloads.loads.get() >= 2, "the renewed files to be loaded");
        HttpResponse<String> renewed = post(TestPki.clientContext(ca2, client2), "renewed");
        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(peer(renewed)).isEqualTo(server2.certificate());
        assertThat(post(TestPki.clientContext(ca2, client1), "old-client").statusCode()).isEqualTo(401);

        int loads = webhook.reloads.loads.get();
        // A poll between the three renames may have seen a new certificate with the old key: count from here.
        int failures = webhook.reloads.failures.get();
        replace(cert, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        awaitUntil(Duration.ofSeconds(10), () -> webhook.reloads.failures.get() == failures + 1,
                "the corrupt file to be reported");
        HttpResponse<String> still = post(TestPki.clientContext(ca2, client2), "after-corrupt");
        assertThat(still.statusCode()).isEqualTo(200);
        assertThat(peer(still)).isEqualTo(server2.certificate());
        Thread.sleep(5 * POLL.toMillis()); // several polls of the same broken content
        assertThat(webhook.reloads.failures.get()).as("one report per broken content").isEqualTo(failures + 1);
        assertThat(webhook.reloads.loads.get()).isEqualTo(loads);
        assertThat(webhook.reloads.notAfter.get()).isEqualTo(server2.certificate().getNotAfter().toInstant().getEpochSecond());
        assertThat(webhook.journaledDigests()).hasSize(3);
    }

    private HttpResponse<String> post(SSLContext context, String id) throws IOException, InterruptedException {
        return webhook.post(context, "TLSv1.3", null, SecuredWebhook.body(id));
    }

    private static X509Certificate peer(HttpResponse<String> r) {
        try {
            return (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new AssertionError(e);
        }
    }

    private static void replace(Path file, String content) {
        try {
            Path temp = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
