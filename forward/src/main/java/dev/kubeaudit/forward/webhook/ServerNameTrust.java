package dev.kubeaudit.forward.webhook;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server whose chain the delegate (the kubeconfig's CA, or the system's) accepts and whose
 * certificate names {@code expectedName} in its subject alternative names, as Go's crypto/tls
 * checks kube-apiserver's webhook: an IP address against IP SANs only, a host name against DNS SANs
 * (a leading {@code *.} matches one label), never the CN. {@code expectedName} is the kubeconfig's
 * {@code tls-server-name} or else the server URL's host. Thread-safe (immutable).
 */
final class ServerNameTrust extends X509ExtendedTrustManager {
    private static final int DNS = 2;
    private static final int IP = 7;

    private final X509ExtendedTrustManager delegate;
    private final String expectedName;

    ServerNameTrust(X509ExtendedTrustManager delegate, String expectedName) {
        this.delegate = delegate;
        this.expectedName = expectedName;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        checkName(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    void checkName(X509Certificate certificate) throws CertificateException {
        InetAddress ip = ipLiteral(expectedName);
        for (List<?> san : sans(certificate)) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (ip != null ? type == IP && ip.equals(ipLiteral(value)) : type == DNS && dnsMatches(value, expectedName)) {
                return;
            }
        }
        throw new CertificateException("the server certificate '" + certificate.getSubjectX500Principal().getName()
                + "' is not valid for '" + expectedName + "' (no matching " + (ip != null ? "IP" : "DNS")
                + " subject alternative name; set tls-server-name to a name it has)");
    }

    private static Collection<List<?>> sans(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
        return sans == null ? List.of() : sans;
    }

    static boolean dnsMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    /** The address of an IPv4 or IPv6 literal (no name lookup), null for a host name. */
    static InetAddress ipLiteral(String s) {
        String literal = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean v4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = literal.contains(":") && literal.matches("[0-9A-Fa-f:.%a-zA-Z]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
