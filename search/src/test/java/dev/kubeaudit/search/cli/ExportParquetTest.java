package dev.kubeaudit.search.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.agent.integrity.Digests;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.columns.ColumnType;
import dev.kubeaudit.search.columns.DuckDbTypes;
import dev.kubeaudit.search.columns.EventColumns;
import dev.kubeaudit.search.testing.Cli;
import dev.kubeaudit.search.testing.Cli.Result;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.TestDuckDb;
import dev.kubeaudit.search.testing.TestArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code export parquet} into a folder, read back with DuckDB's read_parquet: every event with its
 * typed fields, its segment and the segment's SHA-256, partitioned by cluster and day, zstd; the
 * time range honoured; nothing ever replaced.
 */
class ExportParquetTest {
    static final String NOW = "2026-06-01T12:00:00Z";
    static final String RUN = "export-open-open-20260601T120000Z";
    static final String BODY = "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db-password\",\"labels\":{\"tier\":\"ünïcode\"}},"
            + "\"data\":{\"n\":[1,2.5,null,true]}}";
    static final String HIVE = "read_parquet(%s, hive_partitioning = true, hive_types = {'cluster': VARCHAR, 'dt': DATE})";

    @TempDir
    Path dir;
    TestArchive archive;
    Path dest;
    String day1;
    String day2;
    String unsealed;

    @BeforeEach
    void writeArchive() throws IOException {
        archive = new TestArchive(dir.resolve("archive"));
        dest = dir.resolve("exports");
        day1 = archive.sealedSegment(ArchiveLayout.HIVE, "prod", "node-a", "2026-05-01T10:00:00Z", Compression.GZIP, List.of(
                Event.at("e1", "2026-05-01T09:00:00Z").user("zoë-渡辺", "system:authenticated").verb("create")
                        .object("secrets", null, null, "payments", "db-password").requestObject(BODY)
                        .annotation("authorization.k8s.io/decision", "allow").line(),
                Event.at("e2", "2026-05-01T09:30:00.123456Z").object("nodes", null, null, null, "n1").code(403).line()));
        day2 = archive.sealedSegment(ArchiveLayout.HIVE, "prod", "node-b", "2026-05-02T01:00:00Z", Compression.ZSTD,
                List.of(Event.at("e3", "2026-05-02T00:30:00Z").line()));
        unsealed = archive.segment(ArchiveLayout.DEFAULT, "staging", "node-c", "2026-05-01T12:00:00Z", Compression.NONE,
                List.of(Event.at("e4", "2026-05-01T11:00:00Z").line()));
    }

    @Test
    void everyEventComesBackTypedWithItsSegmentAndTheManifestsDigest() throws Exception {
        Result r = Cli.export("parquet", archive.location(), "--to", "file:" + dest, "--now", NOW);

        assertThat(r.exit()).as(r.err()).isZero();
        List<Map<String, Object>> rows;
        try (TestDuckDb duckdb = new TestDuckDb(dir)) {
            rows = duckdb.rows("SELECT auditID, \"user\".username AS username, requestObject, responseObject,"
                    + " objectRef.namespace AS namespace, responseStatus.code AS code, stageTimestamp,"
                    + " annotations['authorization.k8s.io/decision'] AS decision, cluster, dt, node, segment, segment_sha256"
                    + " FROM " + HIVE.formatted(glob(dest.resolve(RUN))) + " ORDER BY auditID");
        }
        assertThat(rows).extracting(row -> row.get("auditID")).containsExactly("e1", "e2", "e3", "e4");
        Map<String, Object> e1 = rows.get(0);
        assertThat(e1.get("username")).isEqualTo("zoë-渡辺");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree((String) e1.get("requestObject"))).isEqualTo(json.readTree(BODY));
        assertThat(e1.get("responseObject")).isNull();
        assertThat(e1.get("decision")).isEqualTo("allow");
        assertThat(e1.get("namespace")).isEqualTo("payments");
        assertThat(e1.get("segment_sha256")).isEqualTo(storedSha256(day1)).isNotNull();
        Map<String, Object> e2 = rows.get(1);
        assertThat(e2.get("namespace")).isNull();
        assertThat(e2.get("code")).isEqualTo(403);
        assertThat(((OffsetDateTime) e2.get("stageTimestamp")).toInstant()).isEqualTo(Instant.parse("2026-05-01T09:30:00.123456Z"));
        assertThat(List.of(e2.get("cluster"), e2.get("dt"), e2.get("node"), e2.get("segment")))
                .containsExactly("prod", LocalDate.parse("2026-05-01"), "node-a", day1);
        assertThat(rows.get(2).get("segment_sha256")).isEqualTo(storedSha256(day2));
        assertThat(List.of(rows.get(3).get("cluster"), rows.get(3).get("node"), rows.get(3).get("segment")))
                .containsExactly("staging", "node-c", unsealed);
        assertThat(rows.get(3).get("segment_sha256")).as("a segment without manifest").isNull();
    }

    @Test
    void filesArePartitionedByClusterAndDayZstdWithTheEventsColumnsTyped() throws Exception {
        Map<Path, byte[]> archived = snapshot(archive.root());

        Result r = Cli.export("parquet", archive.root().toString(), "--to", dest.toString(), "--now", NOW);

        assertThat(r.exit()).as(r.err()).isZero();
        Path run = dest.resolve(RUN);
        assertThat(snapshot(dest).keySet()).containsExactly(
                Path.of(RUN, "cluster=prod", "dt=2026-05-01", "data_0.parquet"),
                Path.of(RUN, "cluster=prod", "dt=2026-05-02", "data_0.parquet"),
                Path.of(RUN, "cluster=staging", "dt=2026-05-01", "data_0.parquet"));
        assertThat(r.lines()).containsExactly(
                "file:" + run.resolve("cluster=prod/dt=2026-05-01/data_0.parquet") + "\t2",
                "file:" + run.resolve("cluster=prod/dt=2026-05-02/data_0.parquet") + "\t1",
                "file:" + run.resolve("cluster=staging/dt=2026-05-01/data_0.parquet") + "\t1");
        assertThat(r.err()).isEqualTo("export: 4 rows in 3 files under file:" + run + "/\n");
        try (TestDuckDb duckdb = new TestDuckDb(dir)) {
            assertThat(duckdb.column("SELECT DISTINCT compression FROM parquet_metadata(" + glob(run) + ")"))
                    .containsExactly("ZSTD");
            List<Map<String, Object>> columns = duckdb.rows("DESCRIBE SELECT * FROM read_parquet("
                    + TestDuckDb.literal(run.resolve("cluster=prod/dt=2026-05-01/data_0.parquet"))
                    + ", hive_partitioning = false)");
            assertThat(columns).extracting(c -> c.get("column_name") + " " + String.valueOf(c.get("column_type"))
                            .replace("\"", "").replace("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"))
                    .containsExactlyElementsOf(expectedColumns());
        }
        assertThat(snapshot(archive.root())).as("the archive is only read").containsExactlyEntriesOf(archived);
    }

    @Test
    void onlyEventsOfTheTimeRangeAreWrittenUnderARunNamedAfterIt() throws Exception {
        Result r = Cli.export("parquet", archive.location(), "--to", "file:" + dest, "--now", NOW,
                "--since", "2026-05-01T09:15:00Z", "--until", "2026-05-02");

        assertThat(r.exit()).as(r.err()).isZero();
        Path run = dest.resolve("export-20260501T091500Z-20260502T000000Z-20260601T120000Z");
        try (TestDuckDb duckdb = new TestDuckDb(dir)) {
            assertThat(duckdb.column("SELECT auditID FROM " + HIVE.formatted(glob(run)) + " ORDER BY auditID"))
                    .containsExactly("e2", "e4");
        }
        assertThat(r.err()).isEqualTo("export: 2 rows in 2 files under file:" + run + "/\n");
    }

    @Test
    void anEarlierRunIsNeverReplaced() throws Exception {
        assertThat(Cli.export("parquet", archive.location(), "--to", "file:" + dest, "--now", NOW).exit()).isZero();
        Map<Path, byte[]> first = snapshot(dest);
        archive.segment(ArchiveLayout.HIVE, "prod", "node-a", "2026-05-01T11:00:00Z", Compression.GZIP,
                List.of(Event.at("e5", "2026-05-01T10:30:00Z").line()));

        Result again = Cli.export("parquet", archive.location(), "--to", "file:" + dest, "--now", NOW);

        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("export: file:" + dest.resolve(RUN) + " already exists (expected: a new run"
                + " folder; nothing is overwritten)\n");
        assertThat(again.stdout()).isEmpty();
        assertThat(snapshot(dest)).containsExactlyEntriesOf(first);

        Result later = Cli.export("parquet", archive.location(), "--to", "file:" + dest, "--now", "2026-06-01T12:00:01Z");

        assertThat(later.exit()).as(later.err()).isZero();
        assertThat(snapshot(dest)).containsAllEntriesOf(first).hasSize(first.size() + 3);
        assertThat(later.err()).isEqualTo("export: 5 rows in 3 files under file:"
                + dest.resolve("export-open-open-20260601T120001Z") + "/\n");
    }

    @ParameterizedTest(name = "--to {0}")
    @CsvSource(delimiter = '|', value = {
        "archive         | export: --to file:{dir}/archive is the archive file:{dir}/archive",
        "archive/parquet | export: --to file:{dir}/archive/parquet is inside the archive file:{dir}/archive",
        ".               | export: the archive file:{dir}/archive is inside --to file:{dir}",
    })
    void aDestinationOverlappingTheArchiveExitsTwoNamingBothAndWritesNothing(String to, String message)
            throws IOException {
        Map<Path, byte[]> before = snapshot(dir);

        Result r = Cli.export("parquet", archive.location(), "--to", dir.resolve(to).normalize().toString(), "--now", NOW);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(message.replace("{dir}", dir.toString())
                + " (expected: a folder or prefix outside the archive, which stays as shipped)\n");
        assertThat(snapshot(dir)).containsExactlyEntriesOf(before);
        assertThat(archive.root().resolve("parquet")).doesNotExist();
    }

    @Test
    void aTempFolderOfTheSameRunRefusesItAndIsLeftAlone() throws IOException {
        Path temp = Files.createDirectories(dest.resolve("." + RUN + ".tmp"));

        Result r = Cli.export("parquet", archive.location(), "--to", "file:" + dest, "--now", NOW);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("export: file:" + temp + " already exists: another export of the same range")
                .hasLineCount(1);
        assertThat(temp).isEmptyDirectory();
        assertThat(dest.resolve(RUN)).doesNotExist();
    }

    @Test
    void anUnreadableSegmentFailsNamingItsKeyAndPublishesNothing() throws IOException {
        String bad = archive.segment(ArchiveLayout.HIVE, "prod", "node-z", "2026-05-01T08:00:00Z", Compression.GZIP,
                List.of(Event.at("e0", "2026-05-01T07:00:00Z").line()));
        archive.write(bad, "not gzip at all".getBytes(StandardCharsets.UTF_8));

        Result r = Cli.export("parquet", archive.location(), "--to", "file:" + dest, "--now", NOW);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("export: Segment '" + bad + "' cannot be read: ").hasLineCount(1);
        assertThat(dest).isEmptyDirectory();
    }

    @Test
    void noEventInTheRangeWritesNothing() throws IOException {
        Result r = Cli.export("parquet", archive.location(), "--to", "file:" + dest, "--now", NOW, "--since", "2026-05-03");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("export: 0 rows: no event in the range, nothing written\n");
        assertThat(r.stdout()).isEmpty();
        assertThat(dest).isEmptyDirectory();
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        assertThat(Cli.export().exit()).isEqualTo(2);
        assertThat(Cli.export().err()).startsWith("export: a format is required (expected: parquet)\n");
        Result noTo = Cli.export("parquet", archive.location());
        assertThat(noTo.exit()).isEqualTo(2);
        assertThat(noTo.err()).isEqualTo("export: Missing required option: '--to=DEST'\n");
        Result scheme = Cli.export("parquet", archive.location(), "--to", "gs://bucket/x");
        assertThat(scheme.exit()).isEqualTo(2);
        assertThat(scheme.err()).isEqualTo("export: --to: 'gs://bucket/x' (expected: file:DIR, DIR or s3://BUCKET[/PREFIX])\n");
        Result since = Cli.export("parquet", archive.location(), "--to", dest.toString(), "--since", "yesterday");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).startsWith("export: --since: 'yesterday' (expected: a duration").hasLineCount(1);
        assertThat(Cli.export("parquet", "--help").exit()).isZero();
    }

    /** The columns of every file: the event's as the view types them, JSON bodies as text, then node, segment, digest. */
    static List<String> expectedColumns() {
        List<String> columns = new ArrayList<>();
        EventColumns.ALL.forEach(c -> columns.add(c.name() + " "
                + (c.type() == ColumnType.Scalar.JSON ? "VARCHAR" : DuckDbTypes.of(c.type()).replace("\"", ""))));
        columns.addAll(List.of("node VARCHAR", "segment VARCHAR", "segment_sha256 VARCHAR"));
        return columns;
    }

    /** The SHA-256 of the segment's stored bytes, which its manifest states. */
    String storedSha256(String key) throws IOException {
        String sha256 = Digests.hex(Digests.sha256(Files.readAllBytes(archive.root().resolve(key))));
        Path manifest = archive.root().resolve(SegmentKey.parse(key).orElseThrow().manifestKey());
        assertThat(Files.readString(manifest)).contains(sha256);
        return sha256;
    }

    static String glob(Path run) {
        return TestDuckDb.literal(run) + " || '/*/*/*.parquet'";
    }

    /** Every file below {@code root} (relative) with its bytes, hidden ones included. */
    static Map<Path, byte[]> snapshot(Path root) throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
