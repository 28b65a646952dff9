package dev.kubeaudit.shipper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under a prefix of a bucket, changed through the S3 API as anyone holding write
 * credentials could: keys relative to the prefix. Also copies a prefix down to a folder, keys as
 * paths (as {@code aws s3 sync} does), and a folder up to a prefix. Thread-safe (the client is).
 */
public final class WritablePrefix implements WritableArchive {
    private final S3Client client;
    private final String bucket;
    private final String prefix;

    /** {@code prefix} without a trailing slash. */
    public WritablePrefix(S3Client client, String bucket, String prefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public byte[] read(String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + "/" + key)).asByteArray();
    }

    @Override
    public void put(String key, byte[] bytes) {
        client.putObject(b -> b.bucket(bucket).key(prefix + "/" + key), RequestBody.fromBytes(bytes));
    }

    @Override
    public void delete(String key) {
        client.deleteObject(b -> b.bucket(bucket).key(prefix + "/" + key));
    }

    /** Every key under the prefix, relative to it, sorted. */
    public List<String> keys() {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/")).contents().stream()
                .map(S3Object::key).map(k -> k.substring(prefix.length() + 1)).sorted().toList();
    }

    /** Downloads every object under the prefix into {@code dir}, each at its relative key as path. */
    public void download(Path dir) throws IOException {
        for (String key : keys()) {
            Path file = dir.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, read(key));
        }
    }

    /** Uploads every file under {@code dir} to the prefix, its path as key, {@code parallel} at once. */
    public void upload(Path dir, int parallel) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        ForkJoinPool pool = new ForkJoinPool(parallel);
        try {
            pool.submit(() -> files.parallelStream().forEach(f -> {
                try {
                    put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })).join();
        } finally {
            pool.shutdown();
        }
    }
}
