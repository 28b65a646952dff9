package dev.kubeaudit.agent.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Builds the webhook's server {@link SslContext}: TLS 1.3 and 1.2 only, AEAD cipher suites with
 * forward secrecy, client certificates requested (optional at the handshake, required per request
 * by {@link ClientCertificates}) when client CAs are given. OpenSSL (BoringSSL, from
 * netty-tcnative) when it loads on this platform, else the JDK's provider. Stateless.
 */
public final class TlsContexts {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** TLS 1.3 suites, then the TLS 1.2 ECDHE AEAD suites Go's crypto/tls (kube-apiserver) offers. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsContexts() {
    }

    /** OpenSSL when netty-tcnative loads here, else the JDK. */
    public static SslProvider defaultProvider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /**
     * The same protocols and cipher suites as the server's, for a JDK client (the forwarding
     * webhook destination); a new object each call.
     */
    public static SSLParameters clientParameters() {
        return new SSLParameters(CIPHERS.toArray(String[]::new), PROTOCOLS.clone());
    }

    static SslContext server(SslProvider provider, PrivateKey key, List<X509Certificate> chain,
                             List<X509Certificate> clientCAs) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain)
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
        if (clientCAs != null) {
            builder.clientAuth(ClientAuth.OPTIONAL).trustManager(new DeferredClientTrust(clientCAs));
        }
        return builder.build();
    }
}
