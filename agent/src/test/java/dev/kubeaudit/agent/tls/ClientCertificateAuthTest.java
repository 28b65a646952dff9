package dev.kubeaudit.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.testing.TestPki;
import dev.kubeaudit.agent.testing.TestPki.Issued;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real TLS handshakes with certificates made at test time: every kind of client certificate is
 * answered as specified, over TLS 1.3 and 1.2, with the OpenSSL and the JDK provider, and nothing
 * of a refused request reaches the journal.
 */
class ClientCertificateAuthTest {
    static Issued ca;
    static Issued otherCa;
    static Issued server;
    static Issued allowed;
    static Issued otherName;
    static Issued expired;
    static Issued foreign;

    @TempDir
    Path dir;
    SecuredWebhook webhook;

    @BeforeAll
    static void makeCertificates() {
        ca = TestPki.ca("webhook-ca");
        otherCa = TestPki.ca("other-ca");
        server = TestPki.server(ca, "audit-agent", false);
        allowed = TestPki.client(ca, "kube-apiserver");
        otherName = TestPki.client(ca, "intruder");
        Instant now = Instant.now();
        expired = TestPki.client(ca, "kube-apiserver", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        foreign = TestPki.client(otherCa, "kube-apiserver");
    }

    @AfterEach
    void close() {
        if (webhook != null) {
            webhook.close();
        }
    }

    static Stream<Arguments> providersAndProtocols() {
        return Stream.of(SslProvider.OPENSSL, SslProvider.JDK)
                .flatMap(p -> Stream.of(Arguments.of(p, "TLSv1.3"), Arguments.of(p, "TLSv1.2")));
    }

    SecuredWebhook start(SslProvider provider, List<String> allowedNames) throws IOException {
        server.write(dir.resolve("server.crt"), dir.resolve("server.key"));
        java.nio.file.Files.writeString(dir.resolve("ca.crt"), TestPki.pem(ca.certificate()));
        webhook = new SecuredWebhook(dir, new SecurityFiles(dir.resolve("server.crt"), dir.resolve("server.key"),
                dir.resolve("ca.crt"), allowedNames, null), provider, Duration.ofSeconds(1));
        return webhook;
    }

    @Test
    void theOpenSslProviderLoadsHere() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative-boringssl-static").isTrue();
        assertThat(TlsContexts.defaultProvider()).isEqualTo(SslProvider.OPENSSL);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndProtocols")
    void everyClientCertificateIsAnsweredAsSpecified(SslProvider provider, String protocol) throws Exception {
        start(provider, List.of("kube-apiserver"));
        HttpResponse<String> ok = webhook.post(TestPki.clientContext(ca, allowed), protocol, null, SecuredWebhook.body("ok"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.sslSession()).hasValueSatisfying(s -> {
            assertThat(s.getProtocol()).isEqualTo(protocol);
            assertThat(s.getCipherSuite()).isIn(TlsContexts.CIPHERS);
        });
        assertRefused(allowed, otherName, protocol, 403, "client_name_not_allowed");
        assertRefused(allowed, expired, protocol, 401, "client_certificate_expired");
        assertRefused(allowed, foreign, protocol, 401, "client_certificate_untrusted");
        assertRefused(allowed, null, protocol, 401, "client_certificate_missing");
        assertThat(webhook.journaledDigests()).containsExactly(sha256(SecuredWebhook.body("ok")));
        assertThat(webhook.listener.events()).isEqualTo(1);
    }

    private void assertRefused(Issued unused, Issued client, String protocol, int status, String reason) throws Exception {
        String name = client == null ? "none" : client.certificate().getSubjectX500Principal().getName();
        HttpResponse<String> r = webhook.post(TestPki.clientContext(ca, client), protocol, null,
                SecuredWebhook.body("refused-" + reason));
        assertThat(r.statusCode()).as(name).isEqualTo(status);
        assertThat(webhook.listener.authFailures(reason)).as(reason).isEqualTo(1);
    }

    @Test
    void anEmptyNameListAcceptsAnyCertificateOfTheCa() throws Exception {
        start(SslProvider.OPENSSL, List.of());
        SSLContext intruder = TestPki.clientContext(ca, otherName);
        assertThat(webhook.post(intruder, "TLSv1.3", null, SecuredWebhook.body("any")).statusCode()).isEqualTo(200);
        assertThat(webhook.post(TestPki.clientContext(ca, foreign), "TLSv1.3", null, SecuredWebhook.body("x"))
                .statusCode()).isEqualTo(401);
        assertThat(webhook.journaledDigests()).containsExactly(sha256(SecuredWebhook.body("any")));
    }

    @Test
    void namesMatchTheDnsSubjectAlternativeNameToo() throws Exception {
        start(SslProvider.OPENSSL, List.of("INTRUDER.clients.test"));
        assertThat(webhook.post(TestPki.clientContext(ca, otherName), "TLSv1.3", null, SecuredWebhook.body("dns"))
                .statusCode()).isEqualTo(200);
        assertThat(webhook.post(TestPki.clientContext(ca, allowed), "TLSv1.3", null, SecuredWebhook.body("cn"))
                .statusCode()).isEqualTo(403);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void oldProtocolsAndWeakCiphersGetNoHandshake(SslProvider provider) throws Exception {
        start(provider, List.of());
        assertThat(firstRecordTypeAfterClientHello(0x0302)).as("answer to a TLS 1.1 ClientHello").isNotEqualTo(0x16);
        assertThat(firstRecordTypeAfterClientHello(0x0301)).as("answer to a TLS 1.0 ClientHello").isNotEqualTo(0x16);
        assertThatThrownBy(() -> handshake(new String[] {"TLSv1.2"}, new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"})).isInstanceOf(IOException.class);
        assertThat(handshake(new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"}))
                .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertThat(webhook.journaledDigests()).isEmpty();
        assertThat(webhook.listener.authFailures("tls")).isEqualTo(3);
    }

    static Stream<SslProvider> providers() {
        return Stream.of(SslProvider.OPENSSL, SslProvider.JDK);
    }

    /**
     * Sends a hand-made ClientHello of the given legacy version (which the JDK's own client refuses
     * to send) offering only ECDHE-RSA/ECDSA-AES128-CBC-SHA; returns the content type of the first
     * record the server sends back (0x15 alert, 0x16 handshake) or -1 when it just closes.
     */
    private int firstRecordTypeAfterClientHello(int version) throws IOException {
        byte[] hello = new byte[2 + 32 + 1 + 2 + 4 + 2];
        int i = 0;
        hello[i++] = (byte) (version >> 8);
        hello[i++] = (byte) version;
        i += 32; // random: zeros will do
        hello[i++] = 0; // no session id
        hello[i++] = 0;
        hello[i++] = 4;
        hello[i++] = (byte) 0xc0;
        hello[i++] = 0x13;
        hello[i++] = (byte) 0xc0;
        hello[i++] = 0x09;
        hello[i++] = 1; // compression: null only
        hello[i] = 0;
        byte[] record = new byte[5 + 4 + hello.length];
        record[0] = 0x16;
        record[1] = 0x03;
        record[2] = 0x01;
        record[3] = (byte) ((4 + hello.length) >> 8);
        record[4] = (byte) (4 + hello.length);
        record[5] = 0x01;
        record[8] = (byte) hello.length;
        System.arraycopy(hello, 0, record, 9, hello.length);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", webhook.server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(record);
            socket.getOutputStream().flush();
            return socket.getInputStream().read();
        } catch (java.net.SocketException e) {
            return -1; // reset
        }
    }

    /** A bare handshake with the given protocols and suites; the negotiated suite. */
    private String handshake(String[] protocols, String[] suites) throws IOException {
        SSLContext context = TestPki.clientContext(ca, allowed);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", webhook.server.port())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(protocols);
            if (suites != null) {
                socket.setEnabledCipherSuites(suites);
            }
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }

    @Test
    void theServerCertificateCarriesTheSansTheClientChecks() throws Exception {
        start(SslProvider.OPENSSL, List.of());
        HttpResponse<String> r = webhook.post(TestPki.clientContext(ca, allowed), "TLSv1.3", null, SecuredWebhook.body("s"));
        X509Certificate peer = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        assertThat(peer).isEqualTo(server.certificate());
    }

    static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }
}
