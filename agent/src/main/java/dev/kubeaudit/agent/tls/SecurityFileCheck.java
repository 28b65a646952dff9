package dev.kubeaudit.agent.tls;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.KeyProblem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks the webhook's TLS and token files before start-up ({@code listen.tls.certFile}, {@code keyFile},
 * {@code clientCAFile}, {@code listen.bearerTokenFile}) with the code the running agent loads them
 * with ({@link PemFiles}, {@link SecurityMaterial}, {@link TlsContexts}, {@link BearerToken}). Errors:
 * a file missing or unreadable, PEM that does not parse, a key that is not the certificate's, a
 * certificate expired or not yet valid, a CA bundle without certificates, a token file start-up
 * refuses, material the TLS provider refuses. Warnings: a certificate that expires within
 * {@link #EXPIRY_WARNING}; a server certificate whose IP SANs do not hold {@code listen.address}
 * when that is an IP (kube-apiserver dials it and checks the SAN). Stateless.
 */
public final class SecurityFileCheck {
    /** How long before its end a certificate is reported as expiring. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    static final String CERT = "listen.tls.certFile";
    static final String KEY = "listen.tls.keyFile";
    static final String CA = "listen.tls.clientCAFile";
    static final String TOKEN = "listen.bearerTokenFile";
    private static final int IP_ADDRESS = 7;

    private SecurityFileCheck() {
    }

    /** Every problem of the files {@code listen} names, at {@code now}; empty without TLS and token. */
    public static List<KeyProblem> check(AgentConfig.Listen listen, Instant now) {
        List<KeyProblem> problems = new ArrayList<>();
        AgentConfig.Tls tls = listen.tls();
        byte[] cert = read(CERT, tls.certFile(), problems);
        byte[] key = read(KEY, tls.keyFile(), problems);
        byte[] ca = read(CA, tls.clientCAFile(), problems);
        byte[] token = read(TOKEN, listen.bearerTokenFile(), problems);
        List<X509Certificate> chain = certificates(CERT, tls.certFile(), cert, problems,
                "the server certificate, leaf first, as PEM CERTIFICATE blocks");
        PrivateKey privateKey = privateKey(tls.keyFile(), key, problems);
        if (chain != null && privateKey != null && !SecurityMaterial.matches(privateKey, chain.get(0).getPublicKey())) {
            problems.add(KeyProblem.error(KEY, tls.keyFile(), "is not the private key of the certificate in '"
                    + tls.certFile() + "' (expected: the key the certificate was issued for; openssl x509 -noout"
                    + " -pubkey and openssl pkey -pubout must print the same public key)"));
        }
        if (chain != null) {
            validity(CERT, tls.certFile(), chain, now, problems);
            address(listen.address(), tls.certFile(), chain.get(0), problems);
        }
        List<X509Certificate> authorities = certificates(CA, tls.clientCAFile(), ca, problems,
                "the CA bundle that signed kube-apiserver's client certificate, as PEM CERTIFICATE blocks");
        if (authorities != null) {
            validity(CA, tls.clientCAFile(), authorities, now, problems);
        }
        if (token != null) {
            try {
                BearerToken.of(token);
            } catch (GeneralSecurityException e) {
                problems.add(KeyProblem.error(TOKEN, listen.bearerTokenFile(), e.getMessage()
                        + " (expected: the token of kube-apiserver's webhook kubeconfig, visible ASCII)"));
            }
        }
        if (problems.stream().noneMatch(KeyProblem::isError)) {
            loadAsStartUpDoes(listen, problems);
        }
        return problems;
    }

    /** Builds the material as start-up does: whatever the TLS provider refuses beyond the checks above. */
    private static void loadAsStartUpDoes(AgentConfig.Listen listen, List<KeyProblem> problems) {
        AgentConfig.Tls t = listen.tls();
        SecurityFiles files = new SecurityFiles(t.certFile(), t.keyFile(), t.clientCAFile(), t.allowedClientNames(),
                listen.bearerTokenFile());
        if (files.none()) {
            return;
        }
        try {
            SecurityMaterial.load(files, files.read(), TlsContexts.defaultProvider());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String key = t.certFile() != null ? CERT : TOKEN;
            problems.add(KeyProblem.error(key, t.certFile() != null ? t.certFile() : listen.bearerTokenFile(),
                    "start-up cannot load it: " + e.getMessage()));
        }
    }

    private static byte[] read(String key, Path file, List<KeyProblem> problems) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            problems.add(KeyProblem.error(key, file, "no such file (expected: " + (key.equals(TOKEN)
                    ? "the file holding the token of kube-apiserver's webhook kubeconfig"
                    : "a PEM file; README \"Running on a control-plane host\" shows how to make them") + ")"));
        } catch (AccessDeniedException e) {
            problems.add(KeyProblem.error(key, file, "not readable by user '" + System.getProperty("user.name")
                    + "' (expected: readable by the agent's user, e.g. group kube-audit and mode 0640)"));
        } catch (IOException e) {
            problems.add(KeyProblem.error(key, file, "cannot be read: " + e));
        }
        return null;
    }

    private static List<X509Certificate> certificates(String key, Path file, byte[] pem, List<KeyProblem> problems,
                                                      String expected) {
        if (pem == null) {
            return null;
        }
        try {
            return PemFiles.certificates(pem);
        } catch (GeneralSecurityException | RuntimeException e) {
            problems.add(KeyProblem.error(key, file, "no usable certificate: " + e.getMessage()
                    + " (expected: " + expected + ")"));
            return null;
        }
    }

    private static PrivateKey privateKey(Path file, byte[] pem, List<KeyProblem> problems) {
        if (pem == null) {
            return null;
        }
        try {
            return PemFiles.privateKey(pem);
        } catch (GeneralSecurityException | RuntimeException e) {
            problems.add(KeyProblem.error(KEY, file, "no usable private key: " + e.getMessage() + " (expected: one"
                    + " unencrypted PEM key: PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"));
            return null;
        }
    }

    /** Each certificate valid at {@code now} (else an error), and past {@code now} + 30 days (else a warning). */
    private static void validity(String key, Path file, List<X509Certificate> certificates, Instant now,
                                 List<KeyProblem> problems) {
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate c = certificates.get(i);
            String which = which(key, i, c);
            Instant notBefore = c.getNotBefore().toInstant();
            Instant notAfter = c.getNotAfter().toInstant();
            if (now.isAfter(notAfter)) {
                problems.add(KeyProblem.error(key, file, which + " expired on " + notAfter
                        + " (expected: a renewed certificate)"));
            } else if (now.isBefore(notBefore)) {
                problems.add(KeyProblem.error(key, file, which + " is not valid before " + notBefore
                        + " (expected: a certificate valid now; check this host's clock)"));
            } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
                long days = ChronoUnit.DAYS.between(now, notAfter);
                problems.add(KeyProblem.warning(key, file, which + " expires on " + notAfter + ", in " + days
                        + (days == 1 ? " day" : " days") + " (renew it before then; the agent re-reads it when it changes)"));
            }
        }
    }

    private static String which(String key, int index, X509Certificate c) {
        String name = ClientCertificates.commonName(c);
        String named = name == null ? "" : " '" + name + "'";
        if (key.equals(CA)) {
            return "CA certificate" + named;
        }
        return index == 0 ? "the certificate" + named : "chain certificate " + (index + 1) + named;
    }

    /** A warning when {@code address} is an IP (not a wildcard) that none of the leaf's IP SANs holds. */
    private static void address(String address, Path file, X509Certificate leaf, List<KeyProblem> problems) {
        InetAddress ip = ipLiteral(address);
        if (ip == null || ip.isAnyLocalAddress()) {
            return;
        }
        List<String> sans = new ArrayList<>();
        try {
            Collection<List<?>> all = leaf.getSubjectAlternativeNames();
            for (List<?> san : all == null ? List.<List<?>>of() : all) {
                if (san.size() == 2 && Integer.valueOf(IP_ADDRESS).equals(san.get(0)) && san.get(1) instanceof String s) {
                    if (ip.equals(ipLiteral(s))) {
                        return;
                    }
                    sans.add(s);
                }
            }
        } catch (CertificateParsingException e) {
            // no readable SANs: reported as none
        }
        problems.add(KeyProblem.warning(CERT, file, "its IP SANs " + sans + " do not hold listen.address " + address
                + ", which kube-apiserver dials, so it will refuse the certificate (expected: a certificate with"
                + " subjectAltName IP:" + address + ")"));
    }

    /** The address of an IP literal; null for a host name (never looked up). */
    private static InetAddress ipLiteral(String text) {
        String a = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!a.matches("[0-9.]+") && !a.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(a); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
