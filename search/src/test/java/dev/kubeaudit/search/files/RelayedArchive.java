package dev.kubeaudit.search.files;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.integrity.Digests;
import dev.kubeaudit.search.testing.RequestRelay;
import dev.kubeaudit.shipper.testing.S3Implementation;
import dev.kubeaudit.shipper.testing.S3Server;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * An S3 archive under a prefix of its own in a test server's bucket, opened by location as the
 * search opens it, but through a {@link RequestRelay} that records every request our client sends.
 * Objects are put with the server's plain client, beside the relay. Not thread-safe.
 */
final class RelayedArchive implements AutoCloseable {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    final S3Implementation server;
    final String prefix;
    final RequestRelay relay;
    final Archive archive;

    RelayedArchive(S3Implementation server) throws IOException {
        this.server = server;
        this.prefix = "cache" + PREFIXES.incrementAndGet();
        this.relay = RequestRelay.start(server.endpoint());
        this.archive = Archives.open("s3://" + S3Server.BUCKET + "/" + prefix,
                new ArchiveOptions(relay.endpoint(), "us-east-1", true, 4));
    }

    /** Puts {@code bytes} under {@code key} and returns the object as the archive lists it. */
    ArchiveObject put(String key, byte[] bytes) throws IOException {
        overwrite(key, bytes);
        return archive.list(key).stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow();
    }

    /**
     * Puts {@code bytes} under {@code key} and returns the object as HeadObject of the plain client
     * states it: for keys LocalS3 cannot list (it answers a listing of a non-ASCII key with XML the
     * SDK cannot parse).
     */
    ArchiveObject putUnlisted(String key, byte[] bytes) {
        overwrite(key, bytes);
        HeadObjectResponse head = server.client().headObject(b -> b.bucket(S3Server.BUCKET).key(prefix + "/" + key));
        return new ArchiveObject(key, head.contentLength(), head.lastModified());
    }

    /** Puts {@code bytes} under {@code key} without listing it. */
    void overwrite(String key, byte[] bytes) {
        server.client().putObject(b -> b.bucket(S3Server.BUCKET).key(prefix + "/" + key), RequestBody.fromBytes(bytes));
    }

    /** The keys our client fetched with GetObject so far, in order. */
    List<String> gets() {
        return relay.getObjectKeys(S3Server.BUCKET, prefix + "/");
    }

    /** How many requests of any kind our client sent so far. */
    int requests() {
        return relay.requests().size();
    }

    String describe() {
        return archive.describe();
    }

    /** {@code size} bytes that differ for every {@code seed}. */
    static byte[] bytes(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        return Digests.hex(Digests.sha256(bytes));
    }

    @Override
    public void close() throws Exception {
        try {
            archive.close();
        } finally {
            relay.close();
        }
    }
}
