package dev.kubeaudit.agent.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The handshake's trust manager for client certificates: asks for certificates issued by the
 * client CAs and lets every presented chain through the handshake (the TLS engine still checks
 * that the client holds the certificate's key), so that the request can be answered 401 or 403
 * with a reason instead of a bare TLS alert. {@link ClientCertificates} verifies the chain for every
 * request before anything of it is read. Never trusts a server. Thread-safe (immutable).
 */
final class DeferredClientTrust extends X509ExtendedTrustManager {
    private final X509Certificate[] issuers;

    DeferredClientTrust(List<X509Certificate> clientCAs) {
        this.issuers = clientCAs.toArray(new X509Certificate[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // verified per request by ClientCertificates
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // verified per request by ClientCertificates
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // verified per request by ClientCertificates
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the webhook trusts no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the webhook trusts no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the webhook trusts no servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return issuers.clone();
    }
}
