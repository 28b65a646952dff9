package dev.kubeaudit.agent.tls;

import dev.kubeaudit.agent.ingest.WebhookAccess.Decision;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The token requests must carry as {@code Authorization: Bearer <token>}, as kube-apiserver sends a
 * webhook kubeconfig's {@code token}/{@code tokenFile}. Only its SHA-256 is kept; a presented token
 * is hashed and the digests compared in constant time, so neither content nor length leaks through
 * timing. Thread-safe (immutable).
 */
final class BearerToken {
    static final String CHALLENGE = "Bearer realm=\"kube-audit-agent\"";
    private static final String SCHEME = "bearer ";

    private final byte[] digest;

    private BearerToken(byte[] digest) {
        this.digest = digest;
    }

    /** The token of a token file: its text without surrounding whitespace; visible ASCII only. */
    static BearerToken of(byte[] file) throws GeneralSecurityException {
        String token = new String(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new GeneralSecurityException("the token file is empty");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new GeneralSecurityException("the token holds characters other than visible ASCII");
        }
        return new BearerToken(sha256(token));
    }

    Decision check(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Decision.unauthorized("token_missing", CHALLENGE);
        }
        String presented = authorization.substring(SCHEME.length()).strip();
        return MessageDigest.isEqual(digest, sha256(presented)) ? Decision.ALLOW
                : Decision.unauthorized("token_wrong", CHALLENGE);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
