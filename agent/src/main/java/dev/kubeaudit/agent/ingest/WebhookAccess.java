package dev.kubeaudit.agent.ingest;

import io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Who may post to the webhook, and over what: the TLS context for each new connection and the
 * decision on each request's credentials, made before anything of its body is read. Implementations
 * are thread-safe; both methods are called on event loop threads and must not block.
 */
public interface WebhookAccess {
    /** Plain HTTP, no credentials asked. */
    WebhookAccess OPEN = new WebhookAccess() {
        @Override
        public SslContext sslContext() {
            return null;
        }

        @Override
        public Decision decide(Credentials credentials) {
            return Decision.ALLOW;
        }
    };

    /** The TLS context a new connection uses, or {@code null} for plain HTTP. */
    SslContext sslContext();

    /** Whether the request carrying {@code credentials} may be served. */
    Decision decide(Credentials credentials);

    /** A fixed TLS context (or none) and no client authentication. */
    static WebhookAccess tlsOnly(SslContext sslContext) {
        return new WebhookAccess() {
            @Override
            public SslContext sslContext() {
                return sslContext;
            }

            @Override
            public Decision decide(Credentials credentials) {
                return Decision.ALLOW;
            }
        };
    }

    /**
     * What a request shows of its sender: the peer address, the certificate chain the client
     * presented in the TLS handshake (leaf first; empty without TLS or without a certificate; not
     * yet verified) and the {@code Authorization} header (null when absent).
     */
    record Credentials(String remoteAddress, List<X509Certificate> certificates, String authorization) {
        public Credentials {
            Objects.requireNonNull(remoteAddress, "remoteAddress");
            certificates = List.copyOf(certificates);
        }

        @Override
        public String toString() { // never shows the Authorization header
            return "Credentials[" + remoteAddress + ", " + certificates.size() + " certificates]";
        }
    }

    /**
     * The decision on one request: allowed, or refused with 401 (no or invalid credentials) or 403
     * (a valid certificate whose name is not allowed). {@code reason} labels the refusal in metrics;
     * {@code challenge} is the 401's {@code WWW-Authenticate} value, or null.
     */
    record Decision(Outcome outcome, String reason, String challenge) {
        public static final Decision ALLOW = new Decision(Outcome.ALLOW, null, null);

        public enum Outcome { ALLOW, UNAUTHORIZED, FORBIDDEN }

        public Decision {
            Objects.requireNonNull(outcome, "outcome");
            if (outcome != Outcome.ALLOW && (reason == null || reason.isEmpty())) {
                throw new IllegalArgumentException("reason: " + reason + " (expected: a label for a refusal)");
            }
        }

        public static Decision unauthorized(String reason, String challenge) {
            return new Decision(Outcome.UNAUTHORIZED, reason, challenge);
        }

        public static Decision forbidden(String reason) {
            return new Decision(Outcome.FORBIDDEN, reason, null);
        }

        public boolean allowed() {
            return outcome == Outcome.ALLOW;
        }
    }
}
