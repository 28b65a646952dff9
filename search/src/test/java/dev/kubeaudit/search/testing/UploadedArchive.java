package dev.kubeaudit.search.testing;

import dev.kubeaudit.search.testing.RequestRelay.Request;
import dev.kubeaudit.shipper.testing.S3Implementation;
import dev.kubeaudit.shipper.testing.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A {@link TestArchive} folder copied object by object to a prefix of its own in a test S3
 * server's bucket, for the command line to search through a {@link RequestRelay} that records every
 * request it sends. Objects are put with the server's plain client, beside the relay. Not thread-safe.
 */
public final class UploadedArchive implements AutoCloseable {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final S3Implementation server;
    private final String prefix;
    private final RequestRelay relay;

    private UploadedArchive(S3Implementation server, String prefix, RequestRelay relay) {
        this.server = server;
        this.prefix = prefix;
        this.relay = relay;
    }

    /** Puts every file under {@code folder}'s root, keyed by its path there, under a new prefix. */
    public static UploadedArchive of(TestArchive folder, S3Implementation server) throws IOException {
        UploadedArchive s3 = new UploadedArchive(server, "search" + PREFIXES.incrementAndGet(),
                RequestRelay.start(server.endpoint()));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder.root())) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            s3.put(folder.root().relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
                    Files.readAllBytes(file));
        }
        return s3;
    }

    /** {@code s3://BUCKET/PREFIX}, as ARCHIVE. */
    public String location() {
        return "s3://" + S3Server.BUCKET + "/" + prefix;
    }

    /** The S3 flags of {@code search} that reach the server through the relay. */
    public List<String> flags() {
        return List.of("--endpoint", relay.endpoint().toString(), "--region", "us-east-1", "--path-style");
    }

    /** Puts (or replaces) {@code bytes} at archive key {@code key}. */
    public void put(String key, byte[] bytes) {
        server.client().putObject(b -> b.bucket(S3Server.BUCKET).key(prefix + "/" + key), RequestBody.fromBytes(bytes));
    }

    /** Every request the search sent so far, in order. */
    public List<Request> requests() {
        return relay.requests();
    }

    /** The archive keys of the GetObject requests among {@code requests}, in order. */
    public List<String> gets(List<Request> requests) {
        return RequestRelay.getObjectKeys(requests, S3Server.BUCKET, prefix + "/");
    }

    /** How many of {@code requests} are listings (ListObjectsV2). */
    public static long listings(List<Request> requests) {
        return requests.stream().filter(r -> r.isListing(S3Server.BUCKET)).count();
    }

    @Override
    public void close() throws Exception {
        relay.close();
    }
}
