package dev.kubeaudit.shipper.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.shipper.testing.S3Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-config --probe} through the real command line, in a build with the shipper (as the
 * packaged jar is): the store is reached with the configured endpoint, region, path style and the
 * AWS SDK's default credentials (here the test JVM's aws.accessKeyId and aws.secretAccessKey), a
 * real s3proxy on 127.0.0.1 answering.
 */
class CheckConfigProbeTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    private S3Server s3;

    @BeforeEach
    void startS3() throws Exception {
        s3 = S3Server.start(dir.resolve("s3"));
    }

    @AfterEach
    void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void probeReachesTheRunningStore() throws IOException {
        Path config = config(S3Server.BUCKET);
        assertThat(Main.execute("check-config", "--probe", "--config", config.toString())).isZero();
        assertThat(streams.out()).contains("ship.destination: s3://" + S3Server.BUCKET + "/prod: HeadBucket of '"
                + S3Server.BUCKET + "' at " + s3.endpoint() + ": 200").contains(config + ": ok");
        assertThat(streams.err()).isEmpty();
    }

    @Test
    void probeOfAStoppedStoreFailsWithConnectionRefusedAndTheEndpoint() throws Exception {
        Path config = config(S3Server.BUCKET);
        s3.stop();
        assertThat(Main.execute("check-config", "--probe", "--config", config.toString())).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":6: ship.destination: s3://" + S3Server.BUCKET + "/prod: HeadBucket"
                + " of '" + S3Server.BUCKET + "' at " + s3.endpoint() + " failed: connection refused (expected: the store listening there");
        assertThat(streams.out()).doesNotContain(": ok");
    }

    @Test
    void withoutProbeTheStoreIsNotAsked() throws Exception {
        Path config = config(S3Server.BUCKET);
        s3.stop();
        assertThat(Main.execute("check-config", "--config", config.toString())).isZero();
    }

    @Test
    void probeOfABucketThatIsNotThereFailsWithTheStoresAnswer() throws IOException {
        Path config = config("no-such-bucket");
        assertThat(Main.execute("check-config", "--probe", "--config", config.toString())).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":6: ship.destination: s3://no-such-bucket/prod: HeadBucket of"
                + " 'no-such-bucket' at " + s3.endpoint() + " answered 404").contains("(no such bucket: create it");
    }

    @Test
    void probeWithCredentialsTheStoreRefusesFailsWith403() throws IOException {
        Path config = config(S3Server.BUCKET);
        String key = System.getProperty("aws.accessKeyId");
        System.setProperty("aws.accessKeyId", "not-the-test-key");
        try {
            assertThat(Main.execute("check-config", "--probe", "--config", config.toString())).isEqualTo(2);
        } finally {
            System.setProperty("aws.accessKeyId", key);
        }
        assertThat(streams.err()).contains("HeadBucket of '" + S3Server.BUCKET + "' at " + s3.endpoint()
                + " answered 403").contains("(access denied: the credentials the AWS SDK found");
    }

    @Test
    void probeWithoutAnyCredentialsSaysTheChainFoundNone() throws IOException {
        Path config = config(S3Server.BUCKET);
        Map<String, String> saved = new HashMap<>();
        for (String p : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.disableEc2Metadata",
                "aws.sharedCredentialsFile", "aws.configFile")) {
            saved.put(p, System.getProperty(p));
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.setProperty("aws.disableEc2Metadata", "true"); // no request to the instance metadata service
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
        System.setProperty("aws.configFile", dir.resolve("no-config").toString());
        try {
            assertThat(Main.execute("check-config", "--probe", "--config", config.toString())).isEqualTo(2);
        } finally {
            saved.forEach((p, v) -> {
                if (v == null) {
                    System.clearProperty(p);
                } else {
                    System.setProperty(p, v);
                }
            });
        }
        assertThat(streams.err()).contains(config + ":6: ship.destination: s3://" + S3Server.BUCKET + "/prod: HeadBucket"
                + " of '" + S3Server.BUCKET + "' at " + s3.endpoint() + " not sent: the AWS SDK's default chain found no"
                + " credentials");
    }

    @Test
    void theProbeGivesUpAfterItsTimeoutOnAStoreThatNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            long start = System.nanoTime();
            assertThatThrownBy(() -> Archives.probe("s3://" + S3Server.BUCKET + "/prod",
                    new ArchiveOptions(endpoint, "us-east-1", true, 1), Duration.ofSeconds(1)))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("HeadBucket of '" + S3Server.BUCKET + "' at " + endpoint
                            + " failed: no answer within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void probeOfAFileDestinationSaysTheFolderIsUsable() throws IOException {
        Path archive = dir.resolve("archive");
        Path config = Files.writeString(dir.resolve("agent.yaml"), "journal:\n  dir: " + dir.resolve("journal")
                + "\nlog:\n  path: " + dir.resolve("log/audit.log") + "\nship:\n  destination: file:" + archive + "\n");
        assertThat(Main.execute("check-config", "--probe", "--config", config.toString())).isZero();
        assertThat(streams.out()).contains("ship.destination: file:" + archive + ": a folder user '"
                + System.getProperty("user.name") + "' can write, or create");
    }

    /** An agent configuration in the temp folder shipping to {@code bucket} of the s3proxy; destination on line 6. */
    private Path config(String bucket) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), "journal:\n  dir: " + dir.resolve("journal") + "\n"
                + "log:\n  path: " + dir.resolve("log/audit.log") + "\n"
                + "ship:\n  destination: s3://" + bucket + "/prod\n  endpoint: " + s3.endpoint() + "\n"
                + "  region: us-east-1\n  pathStyle: true\n");
    }
}
