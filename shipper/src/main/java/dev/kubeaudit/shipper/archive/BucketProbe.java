package dev.kubeaudit.shipper.archive;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reaches a bucket as the shipper would, once: HeadBucket with the destination's endpoint, region
 * and path style and the AWS SDK's default credential chain, one attempt, the whole call (credential
 * lookup included) bounded by a timeout. A failure says what the store answered (status, error
 * code, and for 403, 404 and a wrong region what to do), that the chain found no credentials (told
 * by the step that failed), or why the store was not reached (told by the exception's type).
 * Stateless.
 */
final class BucketProbe {
    private BucketProbe() {
    }

    /** "HeadBucket of 'b' at <endpoint>: 200", or an IOException with the store's answer. */
    static String headBucket(S3Location location, ArchiveOptions options, Duration timeout) throws IOException {
        String endpoint = options.endpoint() != null ? options.endpoint().toString()
                : "AWS S3 in " + options.region();
        String what = "HeadBucket of '" + location.bucket() + "' at " + endpoint;
        AtomicReference<RuntimeException> noCredentials = new AtomicReference<>();
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        AwsCredentialsProvider watched = () -> {
            try {
                return chain.resolveCredentials();
            } catch (RuntimeException e) {
                noCredentials.set(e);
                throw e;
            }
        };
        S3ClientBuilder builder = S3Client.builder()
                .credentialsProvider(watched)
                .region(Region.of(options.region()))
                .forcePathStyle(options.pathStyle())
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(1).connectionTimeout(timeout)
                        .socketTimeout(timeout))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout).retryStrategy(r -> r.maxAttempts(1)));
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        try (chain; S3Client client = builder.build()) {
            client.headBucket(b -> b.bucket(location.bucket()));
            return what + ": 200";
        } catch (S3Exception e) {
            throw new IOException(what + " answered " + S3Failures.status(e) + hint(e), e);
        } catch (SdkException e) {
            if (noCredentials.get() != null) {
                throw new IOException(what + " not sent: the AWS SDK's default chain found no credentials (expected:"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a web identity token or an instance"
                        + " role; under systemd in a drop-in or an EnvironmentFile=)", e);
            }
            throw new IOException(what + " failed: " + unreached(e, timeout), e);
        }
    }

    private static String hint(S3Exception e) {
        String region = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? null
                : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null);
        if (region != null && (e.statusCode() == 301 || e.statusCode() == 400)) {
            return " (the bucket is in region " + region + ": set ship.region: " + region + ")";
        }
        return switch (e.statusCode()) {
            case 404 -> " (no such bucket: create it, or correct the bucket in ship.destination)";
            case 403 -> " (access denied: the credentials the AWS SDK found (AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, the instance role) may not use this bucket)";
            default -> " (expected: 200 from a store the shipper can write to)";
        };
    }

    /** Why the store was not reached, from the types in the exception's causes. */
    private static String unreached(SdkException e, Duration timeout) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused (expected: the store listening there, or ship.endpoint corrected)";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage() + " (expected: a host name this host resolves)";
            }
            if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException
                    || t instanceof SocketTimeoutException) {
                return "no answer within " + timeout.toSeconds() + " s (expected: a store that answers from this host;"
                        + " check the network path, firewall and proxy)";
            }
        }
        return e.getMessage() + " (expected: a store reachable from this host)";
    }
}
