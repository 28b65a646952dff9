package dev.kubeaudit.agent.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time: CAs, a server certificate for 127.0.0.1 and localhost, client
 * certificates (valid, expired, of another CA), written as PEM, and client SSLContexts that present
 * a chosen certificate whatever the server asks for. EC P-256 keys unless RSA is asked for.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

    private TestPki() {
    }

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        /** Writes the certificate (PEM) and the key (PKCS#8 PEM) and returns the certificate file. */
        public Path write(Path certFile, Path keyFile) throws IOException {
            Files.writeString(certFile, pem(certificate));
            Files.writeString(keyFile, pem(keys.getPrivate()));
            return certFile;
        }
    }

    public static Issued ca(String cn) {
        try {
            return caOrThrow(cn);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA valid from {@code notBefore} to {@code notAfter}. */
    public static Issued ca(String cn, Instant notBefore, Instant notAfter) {
        try {
            return caOrThrow(cn, notBefore, notAfter);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Issued caOrThrow(String cn) throws CertIOException {
        Instant now = Instant.now();
        return caOrThrow(cn, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    private static Issued caOrThrow(String cn, Instant notBefore, Instant notAfter) throws CertIOException {
        KeyPair keys = ec();
        return new Issued(sign(builder(cn, keys, cn, notBefore, notAfter)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), keys.getPrivate()),
                keys);
    }

    /** A server certificate valid now, with SANs 127.0.0.1 and localhost. */
    public static Issued server(Issued ca, String cn, boolean rsa) {
        try {
            return serverOrThrow(ca, cn, rsa);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Issued serverOrThrow(Issued ca, String cn, boolean rsa) throws CertIOException {
        KeyPair keys = rsa ? rsa() : ec();
        Instant now = Instant.now();
        GeneralNames sans = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
        return new Issued(sign(builder(cn, keys, ca, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)))
                .addExtension(Extension.subjectAlternativeName, false, sans)
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
                ca.keys.getPrivate()), keys);
    }

    /**
     * A server certificate valid from {@code notBefore} to {@code notAfter}, with an IP SAN for each of
     * {@code ips} and the DNS SAN localhost.
     */
    public static Issued server(Issued ca, String cn, Instant notBefore, Instant notAfter, String... ips) {
        KeyPair keys = ec();
        GeneralName[] names = new GeneralName[ips.length + 1];
        for (int i = 0; i < ips.length; i++) {
            names[i] = new GeneralName(GeneralName.iPAddress, ips[i]);
        }
        names[ips.length] = new GeneralName(GeneralName.dNSName, "localhost");
        try {
            return new Issued(sign(builder(cn, keys, ca, notBefore, notAfter)
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
                    ca.keys.getPrivate()), keys);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate with CN and DNS SAN {@code cn}, valid from {@code notBefore} to {@code notAfter}. */
    public static Issued client(Issued ca, String cn, Instant notBefore, Instant notAfter) {
        KeyPair keys = ec();
        try {
            return new Issued(sign(builder(cn, keys, ca, notBefore, notAfter)
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, cn + ".clients.test")))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)),
                    ca.keys.getPrivate()), keys);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate valid now. */
    public static Issued client(Issued ca, String cn) {
        Instant now = Instant.now();
        return client(ca, cn, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
    }

    private static X509v3CertificateBuilder builder(String cn, KeyPair keys, Issued issuer, Instant from, Instant to) {
        return builder(cn, keys, issuer.certificate.getSubjectX500Principal().getName(), from, to);
    }

    private static X509v3CertificateBuilder builder(String cn, KeyPair keys, String issuer, Instant from, Instant to) {
        X500Name issuerName = issuer.contains("=") ? new X500Name(issuer) : new X500Name("CN=" + issuer);
        return new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(from), Date.from(to), new X500Name("CN=" + cn), keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate... certificates) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            try {
                sb.append(block("CERTIFICATE", c.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }

    public static String pem(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    public static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * A client context trusting {@code trusted} for the server and presenting {@code client} (or
     * nothing) whatever CAs the server names.
     */
    public static SSLContext clientContext(Issued trusted, Issued client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", trusted.certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(client == null ? new KeyManager[0] : new KeyManager[] {new FixedKeyManager(client)},
                    tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Always offers its one certificate. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final Issued client;

        FixedKeyManager(Issued client) {
            this.client = client;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(client.certificate);
            return chain.toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return client.keys.getPrivate();
        }
    }
}
