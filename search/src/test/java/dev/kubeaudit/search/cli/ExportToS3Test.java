package dev.kubeaudit.search.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.integrity.Digests;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.testing.Cli;
import dev.kubeaudit.search.testing.Cli.Result;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.TestDuckDb;
import dev.kubeaudit.search.testing.TestArchive;
import dev.kubeaudit.shipper.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code export parquet --to s3://…} against s3proxy on 127.0.0.1: the run's files are uploaded
 * under a prefix of their own, read back equal, and never replaced; an S3 destination inside an S3
 * archive is refused.
 */
class ExportToS3Test {
    static final String NOW = "2026-06-01T12:00:00Z";
    static final String RUN = "parquet/export-open-open-20260601T120000Z/";

    @TempDir
    Path dir;

    @Test
    void aRunIsUploadedUnderItsOwnPrefixReadBackEqualAndNeverReplaced() throws Exception {
        TestArchive archive = new TestArchive(dir.resolve("archive"));
        String day1 = archive.sealedSegment(ArchiveLayout.HIVE, "prod", "node-a", "2026-05-01T10:00:00Z", Compression.GZIP,
                List.of(Event.at("e1", "2026-05-01T09:00:00Z").user("zoë").line(),
                        Event.at("e2", "2026-05-01T09:30:00Z").line()));
        String day2 = archive.sealedSegment(ArchiveLayout.HIVE, "prod", "node-a", "2026-05-02T10:00:00Z", Compression.ZSTD,
                List.of(Event.at("e3", "2026-05-02T09:00:00Z").line()));
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            String[] s3 = {"--endpoint", server.endpoint().toString(), "--path-style", "--now", NOW};

            Result r = export(archive.location(), "s3://" + S3Server.BUCKET + "/parquet/", s3);

            assertThat(r.exit()).as(r.err()).isZero();
            Map<String, byte[]> objects = objects(server);
            assertThat(objects.keySet()).containsExactly(RUN + "cluster=prod/dt=2026-05-01/data_0.parquet",
                    RUN + "cluster=prod/dt=2026-05-02/data_0.parquet");
            assertThat(r.lines()).containsExactly(
                    "s3://" + S3Server.BUCKET + "/" + RUN + "cluster=prod/dt=2026-05-01/data_0.parquet\t2",
                    "s3://" + S3Server.BUCKET + "/" + RUN + "cluster=prod/dt=2026-05-02/data_0.parquet\t1");
            assertThat(r.err()).isEqualTo("export: 3 rows in 2 files under s3://" + S3Server.BUCKET + "/" + RUN + "\n");
            Path copies = Files.createDirectories(dir.resolve("copies"));
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                Path copy = copies.resolve(o.getKey());
                Files.createDirectories(copy.getParent());
                Files.write(copy, o.getValue());
            }
            try (TestDuckDb duckdb = new TestDuckDb(dir)) {
                assertThat(duckdb.rows("SELECT auditID, \"user\".username AS username, dt::VARCHAR AS dt, segment_sha256"
                        + " FROM read_parquet(" + TestDuckDb.literal(copies.resolve(RUN)) + " || '/*/*/*.parquet',"
                        + " hive_partitioning = true) ORDER BY auditID")).extracting(Map::values).map(List::copyOf)
                        .containsExactly(
                                List.of("e1", "zoë", "2026-05-01", sha256(archive, day1)),
                                List.of("e2", "alice", "2026-05-01", sha256(archive, day1)),
                                List.of("e3", "alice", "2026-05-02", sha256(archive, day2)));
            }

            Result again = export(archive.location(), "s3://" + S3Server.BUCKET + "/parquet", s3);

            assertThat(again.exit()).isEqualTo(2);
            assertThat(again.err()).isEqualTo("export: s3://" + S3Server.BUCKET + "/" + RUN + " already holds objects"
                    + " (expected: a new run prefix; nothing is overwritten)\n");
            assertThat(objects(server)).containsExactlyEntriesOf(objects);
        }
    }

    @Test
    void anS3DestinationInsideAnS3ArchiveIsRefused() throws Exception {
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            Result r = export("s3://" + S3Server.BUCKET + "/audit", "s3://" + S3Server.BUCKET + "/audit/parquet",
                    "--endpoint", server.endpoint().toString(), "--path-style", "--now", NOW);

            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("export: --to s3://" + S3Server.BUCKET + "/audit/parquet is inside the archive"
                    + " s3://" + S3Server.BUCKET + "/audit (expected: a folder or prefix outside the archive, which stays"
                    + " as shipped)\n");
            assertThat(objects(server)).isEmpty();
        }
    }

    private static Result export(String archive, String to, String... flags) {
        String[] args = new String[flags.length + 4];
        args[0] = "parquet";
        args[1] = archive;
        args[2] = "--to";
        args[3] = to;
        System.arraycopy(flags, 0, args, 4, flags.length);
        return Cli.export(args);
    }

    /** Every object in the bucket with its bytes, by key. */
    private static Map<String, byte[]> objects(S3Server server) {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (S3Object o : server.client().listObjectsV2(b -> b.bucket(S3Server.BUCKET)).contents()) {
            objects.put(o.key(), server.bytes(o.key()));
        }
        return objects;
    }

    private static String sha256(TestArchive archive, String key) throws Exception {
        return Digests.hex(Digests.sha256(Files.readAllBytes(archive.root().resolve(key))));
    }
}
