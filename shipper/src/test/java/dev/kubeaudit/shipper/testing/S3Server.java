package dev.kubeaudit.shipper.testing;

import dev.kubeaudit.agent.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server for tests: s3proxy on 127.0.0.1 with SigV4 credentials, keeping objects in a
 * folder, so it can be stopped and started again on the same port with its objects. Objects are
 * checked by downloading them with a plain client and hashing (s3proxy verifies checksums but
 * does not store them). Not thread-safe: driven by one test.
 */
public final class S3Server implements S3Implementation {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final String BUCKET = "audit-archive";

    private final Path dir;
    private int port;
    private S3Proxy proxy;
    private S3Client client;

    private S3Server(Path dir) {
        this.dir = dir;
    }

    /** Starts a server on a free port with bucket {@link #BUCKET}, its objects kept under {@code dir}. */
    public static S3Server start(Path dir) throws Exception {
        Files.createDirectories(dir);
        S3Server server = new S3Server(dir);
        server.startOn(0);
        server.client().createBucket(b -> b.bucket(BUCKET));
        return server;
    }

    private void startOn(int wanted) throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + wanted))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        Await.awaitUntil(Duration.ofSeconds(30), () -> "STARTED".equals(proxy.getState()), "s3proxy started");
        port = proxy.getPort();
    }

    /** Stops the server (an outage); objects stay in its folder. */
    public void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** Starts it again on the same port. */
    public void restart() throws Exception {
        startOn(port);
    }

    @Override
    public String name() {
        return "s3proxy";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public S3Client client() {
        if (client == null) {
            client = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                            SECRET_KEY)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return client;
    }

    /** Every key in the bucket. */
    public List<String> keys() {
        return client().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key)
                .sorted().toList();
    }

    /** The SHA-256 (hex) of the object's bytes, downloaded. */
    public String sha256(String key) throws IOException {
        try (InputStream in = client().getObject(b -> b.bucket(BUCKET).key(key))) {
            return sha256(in);
        }
    }

    @Override
    public byte[] bytes(String key) {
        return client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
        stop();
    }
}
