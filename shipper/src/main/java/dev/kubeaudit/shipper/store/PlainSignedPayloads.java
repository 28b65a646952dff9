package dev.kubeaudit.shipper.store;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;

/**
 * Makes every request body of an S3 client a plain signed payload: the SigV4 signature covers
 * {@code x-amz-content-sha256} = the hex SHA-256 of exactly the bytes sent, without aws-chunked
 * framing ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, {@code ;chunk-signature=}) and without
 * trailers, over HTTP and HTTPS alike. A store that does not decode aws-chunked keeps that framing
 * as the object's bytes and still answers 200; a plain payload is stored as sent or refused.
 *
 * <p>As the auth scheme provider it sets the signer properties {@code PAYLOAD_SIGNING_ENABLED} and
 * not {@code CHUNK_ENCODING_ENABLED} on every option (the SDK's public way to choose them); the
 * SDK's signer then hashes each body once before sending it (it takes no precomputed hash) — as
 * much hashing as its chunk signatures did. As an interceptor it checks each signed request before
 * it goes out: aws-chunked framing, an unsigned body, or a body hash other than the one the shipper
 * computed ({@link #expecting}) fails the request with a {@link Violation} as its cause, so a change
 * of the SDK's defaults cannot slip through. Thread-safe (immutable).
 */
final class PlainSignedPayloads implements S3AuthSchemeProvider, ExecutionInterceptor {
    private static final ExecutionAttribute<String> EXPECTED_SHA256 = new ExecutionAttribute<>("expected-content-sha256");
    private static final String CONTENT_SHA256 = "x-amz-content-sha256";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final S3AuthSchemeProvider delegate;

    PlainSignedPayloads(S3AuthSchemeProvider delegate) {
        this.delegate = delegate;
    }

    /** A request override that has the body checked against {@code sha256Hex}, the digest of the bytes it sends. */
    static AwsRequestOverrideConfiguration expecting(String sha256Hex) {
        return AwsRequestOverrideConfiguration.builder().putExecutionAttribute(EXPECTED_SHA256, sha256Hex).build();
    }

    @Override
    public List<AuthSchemeOption> resolveAuthScheme(S3AuthSchemeParams params) {
        return delegate.resolveAuthScheme(params).stream()
                .map(option -> option.toBuilder()
                        .putSignerProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putSignerProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)
                        .build())
                .toList();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        String encoding = request.firstMatchingHeader("Content-Encoding").orElse("").toLowerCase(Locale.ROOT);
        String contentSha256 = request.firstMatchingHeader(CONTENT_SHA256).orElse("(none)");
        if (encoding.contains("aws-chunked") || contentSha256.startsWith("STREAMING-")
                || request.firstMatchingHeader("x-amz-trailer").isPresent()) {
            throw violation(StoreException.Kind.REJECTED, request.method() + " " + request.encodedPath()
                    + " was signed as aws-chunked (" + CONTENT_SHA256 + ": " + contentSha256 + ", Content-Encoding: "
                    + encoding + ") where a plain signed payload was configured");
        }
        String expected = attributes.getAttribute(EXPECTED_SHA256);
        if (expected != null && !SHA256_HEX.matcher(contentSha256).matches()) {
            throw violation(StoreException.Kind.REJECTED, request.method() + " " + request.encodedPath()
                    + " was not signed with its payload (" + CONTENT_SHA256 + ": " + contentSha256
                    + ") where a plain signed payload was configured");
        }
        if (expected != null && !expected.equals(contentSha256)) {
            throw violation(StoreException.Kind.CHECKSUM, request.method() + " " + request.encodedPath()
                    + " would send a body with " + CONTENT_SHA256 + " " + contentSha256 + " (expected: " + expected
                    + ", the digest of the segment's bytes): the file changed after its digest was taken");
        }
    }

    private static SdkClientException violation(StoreException.Kind kind, String message) {
        return SdkClientException.builder().message(message).cause(new Violation(kind, message)).build();
    }

    /** Why a request was not sent: its kind of store failure. */
    static final class Violation extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final StoreException.Kind kind;

        Violation(StoreException.Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        StoreException.Kind kind() {
            return kind;
        }
    }
}
