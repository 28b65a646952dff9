package dev.kubeaudit.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.TestPki;
import dev.kubeaudit.agent.testing.TestPki.Issued;
import io.netty.handler.ssl.SslProvider;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token authentication as a webhook kubeconfig's token/tokenFile gives it, alone and with mTLS. */
class BearerTokenAuthTest {
    static final String TOKEN = "s3cr3t-t0ken-0123456789abcdef";

    @TempDir
    Path dir;
    SecuredWebhook webhook;

    @AfterEach
    void close() {
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void rightWrongMissingAndSameLengthWrongTokens() throws Exception {
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        webhook = new SecuredWebhook(dir, new SecurityFiles(null, null, null, List.of(), dir.resolve("token")),
                SslProvider.OPENSSL, Duration.ofSeconds(1));
        assertThat(post("Bearer " + TOKEN, "right").statusCode()).isEqualTo(200);
        assertThat(post("bearer " + TOKEN, "scheme-case").statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = post("Bearer wrong", "wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue(BearerToken.CHALLENGE);
        assertThat(post(null, "missing").statusCode()).isEqualTo(401);
        assertThat(post("Basic " + TOKEN, "basic").statusCode()).isEqualTo(401);
        String sameLength = TOKEN.substring(0, TOKEN.length() - 1) + "X";
        assertThat(sameLength).hasSameSizeAs(TOKEN).isNotEqualTo(TOKEN);
        assertThat(post("Bearer " + sameLength, "same-length").statusCode()).isEqualTo(401);
        assertThat(webhook.listener.authFailures("token_wrong")).isEqualTo(2);
        assertThat(webhook.listener.authFailures("token_missing")).isEqualTo(2);
        assertThat(webhook.journaledDigests()).containsExactly(ClientCertificateAuthTest.sha256(SecuredWebhook.body("right")),
                ClientCertificateAuthTest.sha256(SecuredWebhook.body("scheme-case")));
    }

    @Test
    void withClientCertificatesBothAreRequired() throws Exception {
        Issued ca = TestPki.ca("ca");
        TestPki.server(ca, "agent", true).write(dir.resolve("s.crt"), dir.resolve("s.key"));
        Files.writeString(dir.resolve("ca.crt"), TestPki.pem(ca.certificate()));
        Files.writeString(dir.resolve("token"), TOKEN);
        webhook = new SecuredWebhook(dir, new SecurityFiles(dir.resolve("s.crt"), dir.resolve("s.key"),
                dir.resolve("ca.crt"), List.of(), dir.resolve("token")), SslProvider.OPENSSL, Duration.ofSeconds(1));
        Issued client = TestPki.client(ca, "kube-apiserver");
        assertThat(webhook.post(TestPki.clientContext(ca, client), "TLSv1.3", "Bearer " + TOKEN, SecuredWebhook.body("both"))
                .statusCode()).isEqualTo(200);
        assertThat(webhook.post(TestPki.clientContext(ca, client), "TLSv1.3", null, SecuredWebhook.body("cert"))
                .statusCode()).isEqualTo(401);
        assertThat(webhook.post(TestPki.clientContext(ca, null), "TLSv1.2", "Bearer " + TOKEN, SecuredWebhook.body("token"))
                .statusCode()).isEqualTo(401);
        assertThat(webhook.journaledDigests()).containsExactly(ClientCertificateAuthTest.sha256(SecuredWebhook.body("both")));
    }

    @Test
    void theAgentsLogNamesTheClientButNeverTheTokenOrTheBody() throws Exception {
        Files.writeString(dir.resolve("token"), TOKEN);
        webhook = new SecuredWebhook(dir, new SecurityFiles(null, null, null, List.of(), dir.resolve("token")),
                SslProvider.OPENSSL, Duration.ofMillis(50));
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(post("Bearer " + TOKEN.replace('s', 'z'), "body-marker-1").statusCode()).isEqualTo(401);
            Files.writeString(dir.resolve("token"), "new token with " + TOKEN + " and spaces");
            // The failure is counted before it is logged: wait for both, or the log may be read too early.
            dev.kubeaudit.agent.testing.Await.awaitUntil(Duration.ofSeconds(10),
                    () -> webhook.reloads.failures.get() == 1 && err.toString(java.nio.charset.StandardCharsets.UTF_8)
                            .contains("Reload of the webhook's TLS and token files failed"),
                    "the bad token file to be reported and logged");
        } finally {
            System.setErr(saved);
        }
        String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).contains("refused: token_wrong").contains("Reload of the webhook's TLS and token files failed")
                .doesNotContain(TOKEN).doesNotContain(TOKEN.replace('s', 'z')).doesNotContain("body-marker");
        assertThat(post("Bearer " + TOKEN, "old-token-still-valid").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String authorization, String id) throws Exception {
        return webhook.post(null, null, authorization, SecuredWebhook.body(id));
    }
}
