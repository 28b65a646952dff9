package dev.kubeaudit.shipper.archive;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.ObjectSizeLimit;
import dev.kubeaudit.agent.archive.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An archive in an S3 bucket under the destination's prefix ({@code s3://<bucket>[/<prefix>]}),
 * read through the AWS SDK v2 sync client: ListObjectsV2 paged (with delimiter '/' for
 * {@link #folders}), GetObject streamed, and for
 * {@link #versions} the calls of {@link S3Versions}. Keys leave out the prefix. The connection pool
 * holds twice {@link ArchiveOptions#concurrency()}: that many of the caller's reads plus as many
 * HeadObject requests of {@link #versions}, which run on a pool of {@code concurrency} threads
 * ({@code archive-s3-head-N}). The SDK checks no checksums of its own (the verifier hashes what it
 * reads). Thread-safe: the SDK client is.
 */
public final class S3Archive implements Archive {
    /** The most keys S3 returns in one listing page. */
    static final int PAGE_SIZE = 1000;
    private static final AtomicInteger ARCHIVES = new AtomicInteger();

    private final S3Location location;
    private final int pageSize;
    private final S3Client client;
    private final ExecutorService heads;
    private final S3Versions versions;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The archive at {@code location} ({@code s3://<bucket>[/<prefix>]}), credentials from the SDK's default chain. */
    public S3Archive(String location, ArchiveOptions options) {
        this(S3Location.parse(location), options, null, PAGE_SIZE);
    }

    /** The same with {@code credentials}, which stay the caller's. */
    public S3Archive(String location, ArchiveOptions options, AwsCredentialsProvider credentials) {
        this(S3Location.parse(location), options, credentials, PAGE_SIZE);
    }

    /** With at most {@code pageSize} keys per listing page; null credentials: the default chain, owned by the client. */
    S3Archive(S3Location location, ArchiveOptions options, AwsCredentialsProvider credentials, int pageSize) {
        this.location = location;
        this.pageSize = pageSize;
        this.client = client(options, credentials);
        this.heads = Executors.newFixedThreadPool(options.concurrency(), threads());
        this.versions = new S3Versions(client, location, pageSize, heads);
    }

    private static S3Client client(ArchiveOptions options, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(options.region()))
                .forcePathStyle(options.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(2 * options.concurrency()));
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        return builder.build();
    }

    private static ThreadFactory threads() {
        int archive = ARCHIVES.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "archive-s3-head-" + archive + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String describe() {
        return location.toString();
    }

    @Override
    public List<ArchiveObject> list(String prefix) throws IOException {
        List<ArchiveObject> objects = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = page(prefix, null, token);
            for (S3Object o : page.contents()) {
                objects.add(new ArchiveObject(location.key(o.key()), o.size(), o.lastModified()));
            }
            token = next(page, prefix, token);
        } while (token != null);
        objects.sort(Comparator.comparing(ArchiveObject::key));
        return List.copyOf(objects);
    }

    /** The common prefixes of ListObjectsV2 with delimiter '/', paged; objects directly under {@code prefix} are skipped. */
    @Override
    public List<String> folders(String prefix) throws IOException {
        Archive.requireFolderPrefix(prefix);
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = page(prefix, "/", token);
            for (CommonPrefix p : page.commonPrefixes()) {
                String key = location.key(p.prefix());
                String name = key.substring(prefix.length(), key.length() - 1);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            token = next(page, prefix, token);
        } while (token != null);
        names.sort(Comparator.naturalOrder());
        return List.copyOf(names);
    }

    private ListObjectsV2Response page(String prefix, String delimiter, String token) throws IOException {
        try {
            return client.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.s3Key(prefix))
                    .delimiter(delimiter).maxKeys(pageSize).continuationToken(token));
        } catch (SdkException e) {
            throw S3Failures.failed("ListObjectsV2", prefix, location, e);
        }
    }

    /** The continuation token of the page after {@code page}, null after the last. */
    private String next(ListObjectsV2Response page, String prefix, String token) throws IOException {
        if (!Boolean.TRUE.equals(page.isTruncated())) {
            return null;
        }
        if (page.nextContinuationToken() == null || page.nextContinuationToken().equals(token)) {
            throw new IOException("ListObjectsV2 of '" + prefix + "' in " + location
                    + " was truncated without a new continuation token");
        }
        return page.nextContinuationToken();
    }

    @Override
    public InputStream open(String key) throws IOException {
        return get(key);
    }

    private ResponseInputStream<GetObjectResponse> get(String key) throws IOException {
        try {
            return client.getObject(b -> b.bucket(location.bucket()).key(location.s3Key(key)));
        } catch (SdkException e) {
            throw S3Failures.failed("GetObject", key, location, e);
        }
    }

    /** As {@link Archive#readSmall}; a larger object is refused by its Content-Length, its body left unread. */
    @Override
    public byte[] readSmall(String key, int maxBytes) throws IOException {
        ObjectSizeLimit.require(maxBytes);
        try (ResponseInputStream<GetObjectResponse> in = get(key)) {
            Long length = in.response().contentLength();
            byte[] bytes = length != null && length > maxBytes ? null : in.readNBytes(maxBytes + 1);
            if (bytes == null || bytes.length > maxBytes) {
                in.abort(); // drop the connection instead of draining the rest
                throw ObjectSizeLimit.exceeded(describe(), key, maxBytes);
            }
            return bytes;
        }
    }

    @Override
    public Optional<Versions> versions(String prefix) throws IOException {
        return versions.read(prefix);
    }

    /** Stops the HeadObject threads, then closes the client. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heads.shutdownNow();
        try {
            if (!heads.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IOException("HeadObject threads of " + location + " did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }
}
