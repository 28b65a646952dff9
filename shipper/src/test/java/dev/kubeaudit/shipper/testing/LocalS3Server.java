package dev.kubeaudit.shipper.testing;

import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The second S3 implementation for tests, independent of s3proxy: LocalS3 (Netty, objects in
 * memory) on 127.0.0.1 with bucket {@link S3Server#BUCKET}. What it does differently, as seen
 * here: it ignores {@code If-None-Match} (a second PutObject replaces the object), stores no
 * checksums (HEAD answers the size and an MD5 ETag), answers a multipart completion with an empty
 * checksum, and accepts any credentials. It leaks a few Netty buffers per request (the leak
 * detector logs them; they are its own). It binds its port on every address (it has no host option);
 * the tests talk to it on 127.0.0.1 only. Not thread-safe: driven by one test class.
 */
public final class LocalS3Server implements S3Implementation {
    private final LocalS3 server;
    private final int port;
    private S3Client client;

    private LocalS3Server(LocalS3 server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server on a free port of 127.0.0.1 with the bucket created. */
    public static LocalS3Server start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // LocalS3 takes no port 0; the free port is taken again at once
        }
        LocalS3 server = LocalS3.builder().port(port).mode(LocalS3Mode.IN_MEMORY).build();
        server.start();
        LocalS3Server started = new LocalS3Server(server, port);
        started.client().createBucket(b -> b.bucket(S3Server.BUCKET));
        return started;
    }

    @Override
    public String name() {
        return "LocalS3";
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public S3Client client() {
        if (client == null) {
            client = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return client;
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        server.shutdown();
    }
}
