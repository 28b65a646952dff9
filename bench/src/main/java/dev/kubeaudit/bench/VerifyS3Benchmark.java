package dev.kubeaudit.bench;

import dev.kubeaudit.agent.cli.Main;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code audit-agent verify} over S3: copies a shipped archive folder into s3proxy on 127.0.0.1
 * (a folder-backed S3 server: it measures the verifier's concurrent GETs against a local store,
 * not a network), then verifies it from S3 (16 concurrent GETs) and from the folder, in this
 * JVM, each after a warm-up run, and prints the throughput of both.
 * Usage: {@code VerifyS3Benchmark ARCHIVE_DIR PUBLIC_KEY WORK_DIR}.
 */
public final class VerifyS3Benchmark {
    private static final String KEY = "bench-access-key";
    private static final String SECRET = "bench-secret-key";
    private static final String BUCKET = "verify-bench";

    private VerifyS3Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(args[0]);
        String publicKey = args[1];
        Path work = Path.of(args[2]);
        System.setProperty("aws.accessKeyId", KEY);
        System.setProperty("aws.secretAccessKey", SECRET);
        Files.createDirectories(work);
        S3Proxy proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(work.toString()))
                .endpoint(URI.create("http://127.0.0.1:0")).awsAuthentication(AuthenticationType.AWS_V4, KEY, SECRET)
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        long bytes = upload(archive, endpoint);
        String[] s3 = {"verify", "s3://" + BUCKET, "--endpoint", endpoint.toString(), "--path-style", "--public-key",
            publicKey, "--max-staleness", "1d", "--parallel", "16"};
        String[] file = {"verify", "file:" + archive, "--public-key", publicKey, "--max-staleness", "1d", "--parallel",
            "1"};
        Main.execute(s3);   // warm-up
        double s3Seconds = time(s3);
        Main.execute(file);
        double fileSeconds = time(file);
        System.out.printf(Locale.ROOT, "RESULT label=verify-s3 bytes=%d s3_MBps=%.0f file_one_reader_MBps=%.0f%n", bytes,
                bytes / s3Seconds / 1e6, bytes / fileSeconds / 1e6);
        proxy.stop();
    }

    private static double time(String[] args) {
        long t0 = System.nanoTime();
        int status = Main.execute(args);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (status != 0) {
            throw new IllegalStateException("verify exited " + status + ": the archive is not clean");
        }
        return seconds;
    }

    /** Copies every file of {@code archive} to the bucket under its relative path; returns the bytes of the segments. */
    private static long upload(Path archive, URI endpoint) throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.walk(archive)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        try (S3Client client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build()) {
            client.createBucket(b -> b.bucket(BUCKET));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                long bytes = 0;
                List<Future<?>> puts = files.stream().<Future<?>>map(f -> pool.submit(() -> client.putObject(
                        b -> b.bucket(BUCKET).key(archive.relativize(f).toString().replace('\\', '/')), f))).toList();
                for (Future<?> put : puts) {
                    put.get();
                }
                for (Path f : files) {
                    if (!f.getFileName().toString().endsWith(".manifest") && !f.toString().contains("/integrity/")) {
                        bytes += Files.size(f);
                    }
                }
                return bytes;
            } finally {
                pool.shutdown();
            }
        }
    }
}
