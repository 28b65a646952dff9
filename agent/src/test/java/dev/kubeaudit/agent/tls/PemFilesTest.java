package dev.kubeaudit.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.TestPki;
import dev.kubeaudit.agent.testing.TestPki.Issued;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM keys in the forms kubeadm, cert-manager and openssl write, and the checks that stop bad material. */
class PemFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsPkcs8Pkcs1AndSec1KeysAndCertificateBundles() throws Exception {
        Issued ca = TestPki.ca("ca");
        Issued rsa = TestPki.server(ca, "rsa", true);
        Issued ec = TestPki.server(ca, "ec", false);
        byte[] pkcs1 = PrivateKeyInfo.getInstance(rsa.keys().getPrivate().getEncoded()).parsePrivateKey()
                .toASN1Primitive().getEncoded();
        ECPrivateKey key = (ECPrivateKey) ec.keys().getPrivate();
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(),
                new DERBitString(SubjectPublicKeyInfo.getInstance(ec.keys().getPublic().getEncoded()).getPublicKeyData().getBytes()), SECObjectIdentifiers.secp256r1).getEncoded();
        assertThat(PemFiles.privateKey(ascii(TestPki.block("RSA PRIVATE KEY", pkcs1)))).isEqualTo(rsa.keys().getPrivate());
        assertThat(((ECPrivateKey) PemFiles.privateKey(ascii("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + TestPki.block("EC PRIVATE KEY", sec1)))).getS()).isEqualTo(key.getS());
        assertThat(PemFiles.privateKey(ascii(TestPki.pem(ec.keys().getPrivate())))).isEqualTo(ec.keys().getPrivate());
        assertThat(PemFiles.certificates(ascii("subject=CN = ec\n" + TestPki.pem(ec.certificate(), ca.certificate()))))
                .containsExactly(ec.certificate(), ca.certificate());
    }

    @Test
    void refusesWhatCannotBeUsed() {
        assertThatThrownBy(() -> PemFiles.certificates(ascii("nothing here"))).hasMessageContaining("no PEM CERTIFICATE");
        assertThatThrownBy(() -> PemFiles.privateKey(ascii(TestPki.block("ENCRYPTED PRIVATE KEY", new byte[] {1}))))
                .hasMessageContaining("encrypted");
        assertThatThrownBy(() -> PemFiles.privateKey(ascii(TestPki.block("PRIVATE KEY", new byte[] {1, 2, 3}))))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("unreadable private key");
    }

    @Test
    void aKeyThatIsNotTheCertificatesStopsStartUpNamingBothFiles() throws Exception {
        Issued ca = TestPki.ca("ca");
        TestPki.server(ca, "one", false).write(dir.resolve("tls.crt"), dir.resolve("unused.key"));
        TestPki.server(ca, "two", false).write(dir.resolve("unused.crt"), dir.resolve("tls.key"));
        SecurityFiles files = new SecurityFiles(dir.resolve("tls.crt"), dir.resolve("tls.key"), null, List.of(), null);
        assertThatThrownBy(() -> WebhookSecurity.start(files, SslProvider.JDK, Duration.ofSeconds(1),
                MutableClock.at("2026-01-01T00:00:00Z"), SecurityListener.NONE))
                .hasMessageContaining("tls.key' is not the private key of the certificate in '" + dir.resolve("tls.crt"));
        Files.delete(dir.resolve("tls.key"));
        assertThatThrownBy(() -> WebhookSecurity.start(files, SslProvider.JDK, Duration.ofSeconds(1),
                MutableClock.at("2026-01-01T00:00:00Z"), SecurityListener.NONE))
                .hasMessageContaining("Read of '" + dir.resolve("tls.key") + "' failed");
        Files.writeString(dir.resolve("token"), " \n");
        assertThatThrownBy(() -> WebhookSecurity.start(new SecurityFiles(null, null, null, List.of(), dir.resolve("token")),
                SslProvider.JDK, Duration.ofSeconds(1), MutableClock.at("2026-01-01T00:00:00Z"), SecurityListener.NONE))
                .hasMessageContaining("the token file is empty");
    }

    @Test
    void refusalsAreLoggedOncePerClientPerMinute() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        AuthFailureLog log = new AuthFailureLog(clock, Duration.ofMinutes(1));
        assertThat(log.shouldLog("kube-apiserver")).isTrue();
        assertThat(log.shouldLog("kube-apiserver")).isFalse();
        assertThat(log.shouldLog("10.0.0.9")).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(log.shouldLog("kube-apiserver")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(log.shouldLog("kube-apiserver")).isTrue();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
