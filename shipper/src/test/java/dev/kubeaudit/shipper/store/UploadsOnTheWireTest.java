package dev.kubeaudit.shipper.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.TestPki;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.RecordingS3Server;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.Segments;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes over the wire, seen by a store that keeps each body as it arrives and decodes no
 * aws-chunked framing: every PutObject and UploadPart is a plain signed payload whose
 * {@code x-amz-content-sha256} is the SHA-256 of the body received, so such a store ends up with
 * the segment's exact bytes; over HTTPS as over plain HTTP.
 */
class UploadsOnTheWireTest {
    private static final char[] PASSWORD = "test-store-password".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aSinglePutSendsThePlainSegmentSignedWithItsSha256() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T03-16-01.000.log.gz", 300_000);
        try (RecordingS3Server server = RecordingS3Server.start(false, true);
                ObjectStore store = Configs.s3Store(dir.resolve("config"), server.endpoint(), "multipartThreshold: 5Mi")) {
            Receipt receipt = store.put(Segments.upload(file));
            List<RecordingS3Server.Request> puts = bodies(server);
            assertThat(puts).hasSize(1);
            assertPlain(puts.get(0));
            assertThat(puts.get(0).bodySha256()).isEqualTo(S3Server.sha256(file));
            assertThat(server.object(S3Server.BUCKET, receipt.key())).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void overHttpsTheSegmentIsAPlainSignedPayloadToo() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T05-00-00.000.log", 100_000);
        TestPki.Issued ca = TestPki.ca("test-ca");
        Path trustStore = dir.resolve("trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD);
        }
        try (RecordingS3Server server = RecordingS3Server.startTls(false, true, serverTls(ca));
                ObjectStore store = trusting(trustStore, () -> Configs.s3Store(dir.resolve("config"),
                        server.endpoint(), "multipartThreshold: 5Mi"))) {
            assertThat(server.endpoint().getScheme()).isEqualTo("https");
            Receipt receipt = store.put(Segments.upload(file));
            List<RecordingS3Server.Request> puts = bodies(server);
            assertThat(puts).hasSize(1);
            assertPlain(puts.get(0));
            assertThat(server.object(S3Server.BUCKET, receipt.key())).isEqualTo(Files.readAllBytes(file));
        }
    }

    /** A server context presenting a certificate for 127.0.0.1 issued by {@code ca}. */
    private static SSLContext serverTls(TestPki.Issued ca) throws Exception {
        TestPki.Issued server = TestPki.server(ca, "127.0.0.1", false);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.keys().getPrivate(), PASSWORD,
                new Certificate[] {server.certificate(), ca.certificate()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /**
     * Opens the store while the JVM's default trust store is {@code trustStore}: the S3 client's TLS
     * context takes the default trust managers when it is built; the properties are restored after.
     */
    private static ObjectStore trusting(Path trustStore, Callable<ObjectStore> open) throws Exception {
        Map<String, String> properties = Map.of("javax.net.ssl.trustStore", trustStore.toString(),
                "javax.net.ssl.trustStoreType", "PKCS12", "javax.net.ssl.trustStorePassword", new String(PASSWORD));
        Map<String, String> saved = new HashMap<>();
        properties.forEach((key, value) -> saved.put(key, System.setProperty(key, value)));
        try {
            return open.call();
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @Test
    void everyPartOfAMultipartUploadIsAPlainPayloadSignedWithItsOwnSha256() throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T04-00-00.000.log", 11L << 20);
        try (RecordingS3Server server = RecordingS3Server.start(false, true);
                ObjectStore store = Configs.s3Store(dir.resolve("config"), server.endpoint(), "multipartThreshold: 5Mi")) {
            Receipt receipt = store.put(Segments.upload(file));
            List<RecordingS3Server.Request> parts = bodies(server);
            assertThat(parts).extracting(RecordingS3Server.Request::bodyBytes)
                    .containsExactly(5L << 20, 5L << 20, 1L << 20);
            parts.forEach(UploadsOnTheWireTest::assertPlain);
            assertThat(server.object(S3Server.BUCKET, receipt.key())).isEqualTo(Files.readAllBytes(file));
        }
    }

    private static void assertPlain(RecordingS3Server.Request request) {
        assertThat(request.header("x-amz-content-sha256")).as("%s %s", request.method(), request.path())
                .isEqualTo(request.bodySha256());
        assertThat(request.header("content-encoding")).as("Content-Encoding").isNull();
        assertThat(request.header("x-amz-decoded-content-length")).isNull();
        assertThat(request.header("x-amz-trailer")).isNull();
        assertThat(request.header("content-length")).isEqualTo(Long.toString(request.bodyBytes()));
    }

    /** The requests that carried a segment's bytes: PutObject and UploadPart. */
    private static List<RecordingS3Server.Request> bodies(RecordingS3Server server) {
        return server.requests().stream().filter(r -> r.method().equals("PUT")).toList();
    }
}
