package dev.kubeaudit.forward.webhook;

import dev.kubeaudit.agent.tls.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The credentials of a webhook kubeconfig as read at one moment: the client's {@link SSLContext}
 * (null for an http server) trusting the kubeconfig's CA (else the system's) and presenting its
 * client certificate, the bearer token (null when none), and the fingerprint of every byte they
 * were made from, which changes when any of the files does. PEM goes through the agent's own
 * parser ({@link PemFiles}), as ingest's certificates do. Immutable.
 */
record WebhookCredentials(SSLContext sslContext, String bearerToken, String fingerprint) {
    private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

    /** The fingerprint of the credentials' current bytes (reads each file). */
    static String fingerprint(WebhookKubeconfig config) throws IOException {
        MessageDigest digest = sha256();
        for (CredentialSource source : config.credentials()) {
            digest.update(source.key().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(read(config, source));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Reads and checks every credential of {@code config}.
     *
     * @throws IOException naming the kubeconfig, the key, the file and the problem
     */
    static WebhookCredentials load(WebhookKubeconfig config) throws IOException {
        String fingerprint = fingerprint(config);
        String token = config.token() == null ? null : token(config, config.token());
        if (!config.tls()) {
            return new WebhookCredentials(null, token, fingerprint);
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(config), trustManagers(config), null);
            return new WebhookCredentials(context, token, fingerprint);
        } catch (GeneralSecurityException e) {
            throw new IOException(config.file() + ": TLS client set-up failed: " + e.getMessage(), e);
        }
    }

    private static String token(WebhookKubeconfig config, CredentialSource source) throws IOException {
        String token = new String(read(config, source), StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw problem(config, source, "empty token", null);
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw problem(config, source, "the token holds characters other than visible ASCII", null);
        }
        return token;
    }

    private static TrustManager[] trustManagers(WebhookKubeconfig config) throws IOException, GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        CredentialSource ca = config.certificateAuthority();
        if (ca == null) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = emptyStore();
            List<X509Certificate> certificates = certificates(config, ca);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            factory.init(store);
        }
        X509ExtendedTrustManager delegate = null;
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x) {
                delegate = x;
            }
        }
        if (delegate == null) {
            throw new GeneralSecurityException("no X.509 trust manager in this JVM");
        }
        String name = config.tlsServerName() != null ? config.tlsServerName() : config.server().getHost();
        return new TrustManager[] {new ServerNameTrust(delegate, name)};
    }

    private static KeyManager[] keyManagers(WebhookKubeconfig config) throws IOException, GeneralSecurityException {
        if (config.clientCertificate() == null) {
            return null;
        }
        List<X509Certificate> chain = certificates(config, config.clientCertificate());
        PrivateKey key;
        try {
            key = PemFiles.privateKey(read(config, config.clientKey()));
        } catch (GeneralSecurityException e) {
            throw problem(config, config.clientKey(), e.getMessage(), e);
        }
        if (!matches(key, chain.get(0))) {
            throw problem(config, config.clientKey(), "does not match the public key of "
                    + config.clientCertificate().describe(), null);
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, STORE_PASSWORD, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, STORE_PASSWORD);
        return factory.getKeyManagers();
    }

    private static List<X509Certificate> certificates(WebhookKubeconfig config, CredentialSource source) throws IOException {
        try {
            return PemFiles.certificates(read(config, source));
        } catch (GeneralSecurityException e) {
            throw problem(config, source, "not PEM certificates (" + e.getMessage() + ")", e);
        }
    }

    /** True when {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "kube-audit-agent key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException e) {
            throw new GeneralSecurityException("empty key store: " + e.getMessage(), e);
        }
    }

    private static byte[] read(WebhookKubeconfig config, CredentialSource source) throws IOException {
        try {
            return source.read();
        } catch (IOException e) {
            throw new IOException(config.file() + ": " + e.getMessage(), e);
        }
    }

    private static IOException problem(WebhookKubeconfig config, CredentialSource source, String what, Throwable cause) {
        return new IOException(config.file() + ": " + source.describe() + ": " + what, cause);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
