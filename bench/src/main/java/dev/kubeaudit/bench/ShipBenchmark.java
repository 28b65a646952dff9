package dev.kubeaudit.bench;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.integrity.IntegritySettings;
import dev.kubeaudit.shipper.retry.Backoff;
import dev.kubeaudit.shipper.store.ObjectKeys;
import dev.kubeaudit.shipper.store.S3Settings;
import dev.kubeaudit.shipper.store.S3Store;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Ships N segments of M MiB to s3proxy on 127.0.0.1 (SigV4, objects on disk) and reports MB/s;
 * then, against the same server, times {@code aws s3 cp --recursive} of the same files and gives
 * the ratio. Usage: {@code ShipBenchmark DIR [segments=20] [MiB=100] [concurrency=2]}; the CLI is
 * {@code $AWS_CLI} (default {@code aws}).
 */
public final class ShipBenchmark {
    private static final String KEY = "bench-access-key";
    private static final String SECRET = "bench-secret-key";

    private ShipBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int segments = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int mib = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Path log = dir.resolve("log");
        long bytes = writeSegments(log, segments, (long) mib << 20);
        Files.createDirectories(dir.resolve("s3"));
        S3Proxy proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(dir.resolve("s3").toString()))
                .endpoint(URI.create("http://127.0.0.1:0")).awsAuthentication(AuthenticationType.AWS_V4, KEY, SECRET)
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        try (S3Client client = client(endpoint)) {
            client.createBucket(b -> b.bucket("ship-bench"));
            client.createBucket(b -> b.bucket("awscli-bench"));
        }
        System.out.printf("%d segments x %d MiB = %.2f GiB to s3proxy at %s%n", segments, mib, bytes / (double) (1L << 30),
                endpoint);
        double shipSeconds = ship(dir, log, endpoint, segments, concurrency);
        report("shipper (concurrency " + concurrency + ", one PutObject per segment, SHA-256 checked)", bytes, shipSeconds);
        double awsSeconds = awsCli(log, endpoint);
        if (awsSeconds > 0) {
            report("aws s3 cp --recursive", bytes, awsSeconds);
            System.out.printf("ratio shipper / aws s3 cp throughput: %.2f%n", awsSeconds / shipSeconds);
        }
        proxy.stop();
    }

    private static double ship(Path dir, Path log, URI endpoint, int segments, int concurrency) throws Exception {
        S3Store store = new S3Store(new S3Settings("ship-bench", endpoint, "us-east-1", true, AgentConfig.Checksum.SHA256,
                AgentConfig.Confirm.AUTO, 5L << 30, null, null, null, 0, concurrency + 2),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)));
        ShipperSettings settings = new ShipperSettings(log.resolve("audit.log"), false,
                new ObjectKeys("bench", "default", "node"), concurrency,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)), false, Duration.ofHours(1),
                dir.resolve("state"), false, IntegritySettings.OFF);
        long start = System.nanoTime();
        try (Shipper shipper = Shipper.start(settings, store, Clock.systemUTC(), ShipperListener.NONE)) {
            while (shipper.pendingSegments() > 0) {
                Thread.sleep(5);
            }
            long nanos = System.nanoTime() - start;
            if (Files.readAllLines(dir.resolve("state").resolve("ship.ledger")).size() != segments + 1) {
                throw new IllegalStateException("ledger does not list all " + segments + " segments");
            }
            return nanos / 1e9;
        }
    }

    private static double awsCli(Path log, URI endpoint) throws IOException, InterruptedException {
        String aws = System.getenv().getOrDefault("AWS_CLI", "aws");
        List<String> command = List.of(aws, "s3", "cp", "--recursive", "--only-show-errors",
                "--exclude", "audit.log", "--endpoint-url", endpoint.toString(), log.toString(), "s3://awscli-bench/");
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            System.out.println("aws CLI not found (Debian: apt-get install awscli): no comparison");
            return -1;
        }
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("aws s3 cp failed: " + String.join(" ", command));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String what, long bytes, double seconds) {
        System.out.printf("%s: %.1f s, %.1f MB/s (%.1f MiB/s)%n", what, seconds, bytes / seconds / 1e6,
                bytes / seconds / (1 << 20));
    }

    private static long writeSegments(Path log, int segments, long size) throws IOException {
        Files.createDirectories(log);
        Files.writeString(log.resolve("audit.log"), "");
        Random random = new Random(1);
        byte[] chunk = new byte[1 << 20];
        List<Path> files = new ArrayList<>();
        Instant t = Instant.parse("2026-11-27T00:00:00Z");
        for (int i = 0; i < segments; i++) {
            Path file = BackupNames.backupFor(log.resolve("audit.log"), t.plusSeconds(60L * i));
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long left = size; left > 0; left -= chunk.length) {
                    random.nextBytes(chunk);
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
            files.add(file);
        }
        return files.stream().mapToLong(f -> f.toFile().length()).sum();
    }

    private static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }
}
