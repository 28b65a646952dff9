package dev.kubeaudit.shipper.store;

import dev.kubeaudit.agent.config.AgentConfig;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * An S3 bucket through the AWS SDK for Java v2 (AWS, MinIO, Ceph RGW, any S3-compatible store).
 * One {@code PutObject} per segment, streamed from the file as a plain signed payload
 * ({@link PlainSignedPayloads}: {@code x-amz-content-sha256} is the segment's SHA-256, no
 * aws-chunked framing), carrying {@code If-None-Match: *} and the segment's SHA-256 as
 * {@code x-amz-checksum-sha256} (or its MD5 as {@code Content-MD5}) for stores that check them;
 * above the multipart threshold a multipart upload (see {@link S3Multipart}). Whatever the store
 * answered, the stored object is then confirmed by {@link S3Confirmation} (HeadObject, read back
 * where HEAD proves nothing) before a receipt is returned; a {@code 412} means the object exists
 * and is confirmed the same way. The SDK computes no flexible checksums of its own
 * ({@code WHEN_REQUIRED}: no trailers) and retries a request only once at once (a stale pooled
 * connection, a blip); the shipper's backoff does the rest. Thread-safe: the SDK client is.
 */
public final class S3Store implements ObjectStore {
    private final S3Settings settings;
    private final S3Client client;
    private final S3Multipart multipart;
    private final S3Confirmation confirmation;

    public S3Store(S3Settings settings, AwsCredentialsProvider credentials) {
        this.settings = settings;
        PlainSignedPayloads plainPayloads = new PlainSignedPayloads(S3AuthSchemeProvider.defaultProvider());
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .authSchemeProvider(plainPayloads)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(settings.maxConnections()))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(2)).addExecutionInterceptor(plainPayloads));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.client = builder.build();
        this.confirmation = new S3Confirmation(client, settings);
        this.multipart = new S3Multipart(client, settings, confirmation);
    }

    @Override
    public Receipt put(Upload upload) throws StoreException {
        if (upload.digest().size() > settings.multipartThreshold()) {
            return multipart.put(upload);
        }
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(settings.bucket())
                .key(upload.key())
                .contentLength(upload.digest().size())
                .ifNoneMatch("*")
                .overrideConfiguration(PlainSignedPayloads.expecting(upload.digest().sha256Hex()));
        if (settings.checksum() == AgentConfig.Checksum.SHA256) {
            request.checksumSHA256(upload.digest().sha256Base64());
        } else if (settings.checksum() == AgentConfig.Checksum.MD5) {
            request.contentMD5(upload.digest().md5Base64());
        }
        options(request, upload);
        PutObjectResponse response;
        try {
            response = client.putObject(request.build(), RequestBody.fromFile(upload.file()));
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return confirmation.existing(upload);
            }
            throw failure("PutObject", upload, e);
        } catch (SdkException | UncheckedIOException e) {
            throw failure("PutObject", upload, e);
        }
        return confirmation.uploaded(upload, response.versionId(), List.of());
    }

    private void options(PutObjectRequest.Builder request, Upload upload) {
        if (settings.storageClass() != null) {
            request.storageClass(settings.storageClass());
        }
        if (settings.sseKmsKeyId() != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.sseKmsKeyId());
        }
        if (settings.lockMode() != null) {
            request.objectLockMode(ObjectLockMode.fromValue(settings.lockMode()))
                    .objectLockRetainUntilDate(settings.retainUntil(upload.segmentTime()));
        }
    }

    /** The exception for a failed {@code operation}, classified for the retry policy. */
    static StoreException failure(String operation, Upload upload, RuntimeException e) {
        String where = operation + " of '" + upload.key() + "'";
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String said = s3.awsErrorDetails() == null ? s3.getMessage() : s3.awsErrorDetails().errorMessage();
            return new StoreException(kind(s3.statusCode(), code, said), where + " failed: " + s3.statusCode() + " "
                    + code + ": " + said, e);
        }
        PlainSignedPayloads.Violation violation = cause(e, PlainSignedPayloads.Violation.class);
        if (violation != null) {
            return new StoreException(violation.kind(), where + " not sent: " + violation.getMessage(), e);
        }
        if (cause(e, NoSuchFileException.class) != null) {
            return new StoreException(StoreException.Kind.LOCAL, where + " failed: the segment " + upload.file()
                    + " is gone", e);
        }
        String message = String.valueOf(e.getMessage());
        StoreException.Kind kind = message.toLowerCase(java.util.Locale.ROOT).contains("credentials")
                ? StoreException.Kind.DENIED : StoreException.Kind.UNAVAILABLE;
        return new StoreException(kind, where + " failed: " + message, e);
    }

    private static StoreException.Kind kind(int status, String code, String said) {
        String c = code == null ? "" : code;
        if (status == 403 || c.equals("InvalidAccessKeyId") || c.equals("SignatureDoesNotMatch")
                || c.equals("ExpiredToken") || c.equals("InvalidToken") || c.equals("AccessDenied")) {
            return StoreException.Kind.DENIED;
        }
        if (c.equals("NoSuchBucket")) {
            return StoreException.Kind.NO_BUCKET;
        }
        if (c.equals("BadDigest") || c.equals("InvalidDigest") || c.equals("XAmzContentSHA256Mismatch")
                || status == 400 && String.valueOf(said).toLowerCase(java.util.Locale.ROOT).contains("checksum")) {
            return StoreException.Kind.CHECKSUM;
        }
        if (status >= 500 || status == 429 || status == 409 || status == 404 || c.equals("SlowDown")
                || c.equals("RequestTimeout")) {
            return StoreException.Kind.UNAVAILABLE;
        }
        return StoreException.Kind.REJECTED;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    @Override
    public String describe() {
        return "s3://" + settings.bucket() + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
    }

    @Override
    public void close() {
        client.close();
    }
}
