package dev.kubeaudit.shipper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The two halves of plain signed payloads on their own: the signer properties every auth scheme
 * option gets, and the check of each signed request before it is sent (the request as the SDK
 * hands it to interceptors). Over the wire: {@link UploadsOnTheWireTest}.
 */
class PlainSignedPayloadsTest {
    private static final String SHA256 = "af68bde54aefcbc711044a4c72acbd6ba26f5e7ec0f9a3c4b708d2ef4d1b47ed";

    private final PlainSignedPayloads plain = new PlainSignedPayloads(S3AuthSchemeProvider.defaultProvider());

    @Test
    void uploadsAreSignedWithTheirPayloadAndWithoutChunkEncoding() {
        for (String operation : new String[] {"PutObject", "UploadPart"}) {
            assertThat(plain.resolveAuthScheme(S3AuthSchemeParams.builder().operation(operation)
                    .region(Region.US_EAST_1).bucket("audit-archive").build()))
                    .as(operation).isNotEmpty().allSatisfy(option -> {
                        assertThat(option.signerProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED)).isTrue();
                        assertThat(option.signerProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED)).isFalse();
                    });
        }
    }

    @Test
    void aPlainPayloadWithTheSegmentsHashIsSent() {
        assertThatCode(() -> plain.beforeTransmission(signed(SHA256, null), expecting(SHA256))).doesNotThrowAnyException();
    }

    @Test
    void aRequestSignedAsAwsChunkedIsNotSent() {
        assertViolation(() -> plain.beforeTransmission(signed("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "aws-chunked"),
                expecting(SHA256)), StoreException.Kind.REJECTED);
    }

    @Test
    void anUnsignedBodyIsNotSent() {
        assertViolation(() -> plain.beforeTransmission(signed("UNSIGNED-PAYLOAD", null), expecting(SHA256)),
                StoreException.Kind.REJECTED);
    }

    @Test
    void aBodyWhoseHashIsNotTheSegmentDigestIsNotSent() {
        assertViolation(() -> plain.beforeTransmission(signed(SHA256.replace('a', 'b'), null), expecting(SHA256)),
                StoreException.Kind.CHECKSUM);
    }

    private static void assertViolation(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                        StoreException.Kind kind) {
        assertThatThrownBy(call).cause().isInstanceOf(PlainSignedPayloads.Violation.class)
                .satisfies(e -> assertThat(((PlainSignedPayloads.Violation) e).kind()).isEqualTo(kind));
    }

    private static ExecutionAttributes expecting(String sha256) {
        return PlainSignedPayloads.expecting(sha256).executionAttributes();
    }

    /** A PutObject as signed, with {@code x-amz-content-sha256} and Content-Encoding (null = none). */
    private static Context.BeforeTransmission signed(String contentSha256, String encoding) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
                .uri(URI.create("http://127.0.0.1:9000/audit-archive/key")).putHeader("x-amz-content-sha256", contentSha256);
        if (encoding != null) {
            http.putHeader("Content-Encoding", encoding);
        }
        SdkHttpRequest request = http.build();
        return new Context.BeforeTransmission() {
            @Override
            public SdkRequest request() {
                return PutObjectRequest.builder().bucket("audit-archive").key("key").build();
            }

            @Override
            public SdkHttpRequest httpRequest() {
                return request;
            }

            @Override
            public Optional<RequestBody> requestBody() {
                return Optional.empty();
            }

            @Override
            public Optional<AsyncRequestBody> asyncRequestBody() {
                return Optional.empty();
            }
        };
    }
}
