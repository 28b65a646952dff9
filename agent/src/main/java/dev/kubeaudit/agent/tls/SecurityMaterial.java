package dev.kubeaudit.agent.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * One consistent load of the security files: the server TLS context (null without TLS), the
 * client certificate rules (null without a client CA), the bearer token (null without one), the
 * server certificate's expiry and the fingerprint of the bytes it was built from. Immutable.
 */
record SecurityMaterial(SslContext sslContext, ClientCertificates clients, BearerToken token,
                        Instant serverNotAfter, String fingerprint) {

    /** Builds the material from one snapshot of the files; the message of a failure names the file. */
    static SecurityMaterial load(SecurityFiles files, SecurityFiles.Snapshot snapshot, SslProvider provider)
            throws GeneralSecurityException {
        SslContext context = null;
        ClientCertificates clients = null;
        Instant notAfter = null;
        if (files.certFile() != null) {
            List<X509Certificate> chain = parse(files.certFile(), () -> PemFiles.certificates(snapshot.of(files.certFile())));
            PrivateKey key = parse(files.keyFile(), () -> PemFiles.privateKey(snapshot.of(files.keyFile())));
            requireMatch(key, chain.get(0).getPublicKey(), files);
            if (files.clientCAFile() != null) {
                clients = new ClientCertificates(parse(files.clientCAFile(),
                        () -> PemFiles.certificates(snapshot.of(files.clientCAFile()))), files.allowedClientNames());
            }
            List<X509Certificate> authorities = clients == null ? null : clients.authorities();
            context = parse(files.certFile(), () -> TlsContexts.server(provider, key, chain, authorities));
            notAfter = chain.get(0).getNotAfter().toInstant();
        }
        BearerToken token = files.tokenFile() == null ? null
                : parse(files.tokenFile(), () -> BearerToken.of(snapshot.of(files.tokenFile())));
        return new SecurityMaterial(context, clients, token, notAfter, snapshot.fingerprint());
    }

    private static void requireMatch(PrivateKey key, PublicKey certificateKey, SecurityFiles files)
            throws GeneralSecurityException {
        if (!matches(key, certificateKey)) {
            throw new GeneralSecurityException("'" + files.keyFile() + "' is not the private key of the certificate in '"
                    + files.certFile() + "'");
        }
    }

    /** Whether the key belongs to the certificate: a signature made with one verifies with the other. */
    static boolean matches(PrivateKey key, PublicKey certificateKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "kube-audit-agent key check".getBytes(StandardCharsets.US_ASCII);
        boolean match;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificateKey);
            verifier.update(probe);
            match = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            match = false;
        }
        return match;
    }

    private static <T> T parse(Path file, Load<T> load) throws GeneralSecurityException {
        try {
            return load.get();
        } catch (GeneralSecurityException | SSLException | RuntimeException e) {
            throw new GeneralSecurityException("'" + file + "': " + e.getMessage(), e);
        }
    }

    /** A step of loading that may fail. */
    private interface Load<T> {
        T get() throws GeneralSecurityException, SSLException;
    }
}
