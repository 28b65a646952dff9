package dev.kubeaudit.shipper.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.shipper.testing.BothS3Servers;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.S3Implementation;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.Segments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The S3 store against two independent S3 server implementations on 127.0.0.1 over plain HTTP
 * (s3proxy and LocalS3), configured as an operator would (multipart threshold 5Mi): every segment
 * — plain, gzip, zstd, and one uploaded in parts — is downloaded back with a plain client and
 * compared byte for byte with the local file.
 */
class S3ImplementationsTest {
    @RegisterExtension
    static final BothS3Servers SERVERS = new BothS3Servers();
    @TempDir
    Path dir;


    static List<S3Implementation> servers() {
        return SERVERS.both();
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers are the class's, closed after all
    @MethodSource("servers")
    void plainGzipAndZstdSegmentsArriveByteForByte(S3Implementation server) throws Exception {
        try (ObjectStore store = Configs.s3Store(dir.resolve("config"), server.endpoint(), "multipartThreshold: 5Mi")) {
            for (String name : List.of("audit-2026-11-27T03-16-01.000.log", "audit-2026-11-27T03-16-01.001.log.gz",
                    "audit-2026-11-27T03-16-01.002.log.zst")) {
                Path file = Segments.write(dir, name, 70_000);
                Receipt receipt = store.put(Segments.upload(file));
                assertThat(receipt.key()).isEqualTo("c1/node-a/2026/11/27/" + name);
                assertThat(server.bytes(receipt.key())).as("%s: %s downloaded", server, name)
                        .isEqualTo(Files.readAllBytes(file));
            }
        }
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers are the class's, closed after all
    @MethodSource("servers")
    void aSegmentAboveTheMultipartThresholdArrivesByteForByte(S3Implementation server) throws Exception {
        Path file = Segments.write(dir, "audit-2026-11-27T04-00-00.000.log.gz", 12L << 20);
        try (ObjectStore store = Configs.s3Store(dir.resolve("config"), server.endpoint(), "multipartThreshold: 5Mi")) {
            Receipt receipt = store.put(Segments.upload(file));
            assertThat(receipt.size()).isEqualTo(12L << 20);
            assertThat(server.bytes(receipt.key())).as("%s: 3 parts of 5, 5 and 2 MiB downloaded", server)
                    .isEqualTo(Files.readAllBytes(file));
            assertThat(server.client().listMultipartUploads(b -> b.bucket(S3Server.BUCKET)).uploads())
                    .as("no upload left open").isEmpty();
        }
    }
}
