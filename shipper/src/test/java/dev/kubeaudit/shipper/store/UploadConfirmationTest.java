package dev.kubeaudit.shipper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.RecordingS3Server;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.Segments;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every upload is confirmed after the store answered it (ship.confirm), here against a store that
 * answers 200 whatever it keeps: one that changes a byte of what it stores is caught by its MD5
 * ETag, or by reading the object back where it gives no ETag; {@code head} stops at what HEAD
 * gives, {@code read} always reads back.
 */
class UploadConfirmationTest {
    @TempDir
    Path dir;

    @Test
    void aChangedByteIsCaughtByTheMd5EtagAndTheStoresAnswerIsReported() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T03-16-01.000.log", 50_000);
        Upload upload = Segments.upload(file);
        try (RecordingS3Server server = RecordingS3Server.start(true, true);
                ObjectStore store = store(server, "auto")) {
            assertCorrupted(() -> store.put(upload))
                    .hasMessageContaining("ETag " + md5Hex(server.object(S3Server.BUCKET, upload.key())))
                    .hasMessageContaining("(expected: " + SegmentDigest.of(file, true).md5Hex() + ")")
                    .hasMessageContaining("the store answered size 50000");
            assertThat(gets(server)).as("HEAD proved it: no read back").isZero();
        }
    }

    @Test
    void aChangedByteBehindAStoreWithoutEtagsIsCaughtByReadingTheObjectBack() throws Exception {
        Upload upload = Segments.upload(Segments.write(dir, "audit-2026-11-27T03-16-01.000.log.gz", 50_000));
        try (RecordingS3Server server = RecordingS3Server.start(true, false);
                ObjectStore store = store(server, "auto")) {
            assertCorrupted(() -> store.put(upload)).hasMessageContaining("read back 50000 bytes, sha256 ")
                    .hasMessageContaining("ETag (none)");
            assertThat(gets(server)).isEqualTo(1);
        }
    }

    @Test
    void aChangedPartIsCaughtByTheMultipartEtagOrByReadingBack() throws Exception {
        Upload upload = Segments.upload(Segments.write(dir, "audit-2026-11-27T03-16-01.000.log.zst", 11L << 20));
        try (RecordingS3Server server = RecordingS3Server.start(true, true);
                ObjectStore store = store(server, "auto")) {
            assertCorrupted(() -> store.put(upload)).hasMessageContaining("multipart ETag ");
        }
        try (RecordingS3Server server = RecordingS3Server.start(true, false);
                ObjectStore store = store(server, "auto")) {
            assertCorrupted(() -> store.put(upload)).hasMessageContaining("read back " + (11L << 20) + " bytes");
        }
    }

    @Test
    void theObjectThatARetryFindsAtTheKeyStillCountsAsCorrupted() throws Exception {
        Upload upload = Segments.upload(Segments.write(dir, "audit-2026-11-27T03-16-01.000.log", 20_000));
        try (RecordingS3Server server = RecordingS3Server.start(true, true);
                ObjectStore store = store(server, "auto")) {
            assertCorrupted(() -> store.put(upload));
            assertCorrupted(() -> store.put(upload)).hasMessageContaining("never overwritten");
            assertThat(server.requests()).filteredOn(r -> r.method().equals("PUT")).hasSize(2);
        }
        try (RecordingS3Server server = RecordingS3Server.start(false, true);
                ObjectStore store = store(server, "auto")) {
            server.put(S3Server.BUCKET, upload.key(), new byte[20_000]);
            assertThatThrownBy(() -> store.put(upload)).isInstanceOf(StoreException.class)
                    .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.CONFLICT));
        }
    }

    @Test
    void headModeTakesTheSizeAloneWhereTheStoreGivesNoDigest() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T03-16-01.000.log", 30_000);
        try (RecordingS3Server server = RecordingS3Server.start(true, false);
                ObjectStore store = store(server, "head")) {
            assertThat(store.put(Segments.upload(file)).size()).isEqualTo(30_000);
            assertThat(gets(server)).isZero();
        }
        try (RecordingS3Server server = RecordingS3Server.start(true, true);
                ObjectStore store = store(server, "head")) {
            assertCorrupted(() -> store.put(Segments.upload(file))).hasMessageContaining("ETag ");
        }
    }

    @Test
    void readModeReadsBackEvenWhereHeadProvedTheContent() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T03-16-01.000.log", 30_000);
        try (RecordingS3Server server = RecordingS3Server.start(false, true);
                ObjectStore store = store(server, "read")) {
            Receipt receipt = store.put(Segments.upload(file));
            assertThat(receipt.etag()).isEqualTo(SegmentDigest.of(file, true).md5Hex());
            assertThat(gets(server)).isEqualTo(1);
            assertThat(server.object(S3Server.BUCKET, receipt.key())).isEqualTo(Files.readAllBytes(file));
        }
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertCorrupted(
            ThrowableAssert.ThrowingCallable put) {
        return assertThatThrownBy(put).isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.CORRUPTED));
    }

    private static long gets(RecordingS3Server server) {
        return server.requests().stream().filter(r -> r.method().equals("GET")).count();
    }

    private static String md5Hex(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
    }

    private ObjectStore store(RecordingS3Server server, String confirm) throws Exception {
        return Configs.s3Store(dir.resolve("config"), server.endpoint(), "multipartThreshold: 5Mi", "confirm: " + confirm);
    }
}
