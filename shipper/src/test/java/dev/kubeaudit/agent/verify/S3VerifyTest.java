package dev.kubeaudit.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.agent.verify.ArchiveFixture.Written;
import dev.kubeaudit.shipper.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code audit-agent verify s3://…} against a real S3 server on 127.0.0.1 (s3proxy): the archive the
 * fixture builds is uploaded under a prefix of its own, then verified through the S3 archive
 * provider with its default parallel GETs, clean and after tampering in the bucket.
 */
class S3VerifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static int prefixes;

    @TempDir
    static Path serverDir;
    static S3Server s3;

    @TempDir
    Path local;

    @TempDir
    Path work;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    ArchiveFixture f;
    String prefix;
    Path key;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Server.start(serverDir.resolve("s3proxy"));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    @BeforeEach
    void upload() throws Exception {
        f = ArchiveFixture.random(local, 61, Runs.KEY, clock);
        prefix = "verify" + (++prefixes);
        try (Stream<Path> files = Files.walk(local)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                put(local.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        key = Files.writeString(work.resolve("agent.pub"), Runs.KEY.verifierKey().encoded() + "\n");
    }

    private void put(String relativeKey, byte[] bytes) {
        s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(prefix + "/" + relativeKey), RequestBody.fromBytes(bytes));
    }

    private int verify(String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "s3://" + S3Server.BUCKET + "/" + prefix,
                "--endpoint", s3.endpoint().toString(), "--path-style", "--public-key", key.toString(),
                "--now", clock.instant().toString(), "--output", "json"));
        args.addAll(List.of(more));
        return Main.execute(args.toArray(String[]::new));
    }

    private List<JsonNode> output() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : streams.out().split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void aCleanArchiveInS3VerifiesClean() throws Exception {
        assertThat(verify()).as(streams.out() + streams.err()).isZero();
        List<JsonNode> out = output();
        assertThat(out).hasSize(1);
        JsonNode node = out.get(0).path("nodes").get(0);
        assertThat(node.path("segmentsVerified").asInt()).isEqualTo(f.records.size());
        assertThat(out.get(0).path("archive").asText()).isEqualTo("s3://" + S3Server.BUCKET + "/" + prefix);
    }

    @Test
    void segmentsTamperedWithInTheBucketAreFound() throws Exception {
        Written deleted = f.record(1);
        Written appended = f.record(3);
        s3.client().deleteObject(b -> b.bucket(S3Server.BUCKET).key(prefix + "/" + deleted.segmentKey()));
        byte[] bytes = f.read(appended.segmentKey());
        byte[] more = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        put(appended.segmentKey(), more);
        assertThat(verify("--parallel", "16")).isEqualTo(1);
        List<JsonNode> out = output();
        assertThat(out.subList(0, out.size() - 1)).extracting(n -> n.path("finding").asText() + " "
                + n.path("seq").asLong() + " " + n.path("keys").get(0).asText()).containsExactly(
                "MISSING 1 " + deleted.segmentKey(), "APPENDED 3 " + appended.segmentKey());
    }

    @Test
    void aBucketWithoutVersionsCannotShowAnExpectedRetention() throws Exception {
        assertThat(verify("--expect-retention", "COMPLIANCE:365")).isEqualTo(2);
        assertThat(output().get(0).path("finding").asText()).isEqualTo("RETENTION");
    }
}
