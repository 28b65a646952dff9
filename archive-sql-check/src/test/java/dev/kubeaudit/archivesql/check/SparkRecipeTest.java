package dev.kubeaudit.archivesql.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PySpark recipe of {@code docs/archive-sql/spark.md}, run on Spark in local mode: its settings,
 * schema and reader options as the page states them, over a generated hive-layout archive (gzip,
 * zstd and plain segments, two clusters, two days, an integrity object beside them); every question
 * of the page answers what Java computes from the events written.
 */
class SparkRecipeTest {
    private static final long SEED = 20261127L;
    private static final long STARTED = System.nanoTime();

    @TempDir
    static Path folder;
    static GeneratedArchive archive;
    static SparkSession spark;
    static long archiveNanos;
    static long sparkNanos;

    @BeforeAll
    static void readTheArchiveAsThePageSays() throws IOException {
        archive = GeneratedArchive.write(folder, SEED);
        archiveNanos = System.nanoTime() - STARTED;
        SparkSnippet snippet = SparkSnippet.parse(RecipePage.read("spark.md").block("spark-read"));
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[2]")
                .appName("archive-sql-check")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.datetime.java8API.enabled", "true");  // Instant and LocalDate in rows
        snippet.settings().forEach(builder::config);
        spark = builder.getOrCreate();
        String root = folder.toUri().toString();
        assertThat(root).endsWith("/");
        DataFrameReader reader = spark.read().schema(snippet.schema());
        snippet.options().forEach((name, value) -> reader.option(name, snippet.option(value, root)));
        reader.json(root + snippet.pathUnderRoot()).createOrReplaceTempView(snippet.view());
        sparkNanos = System.nanoTime() - STARTED - archiveNanos;
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
        System.out.printf("SparkRecipeTest: %d events; archive %d ms, Spark up %d ms, total %d ms%n",
                archive == null ? 0 : archive.events().size(), archiveNanos / 1_000_000, sparkNanos / 1_000_000,
                (System.nanoTime() - STARTED) / 1_000_000);
    }

    static Stream<Arguments> questions() throws IOException {
        return RecipePage.read("spark.md").questions().entrySet().stream()
                .map(q -> Arguments.of(q.getKey(), q.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("questions")
    void eachQuestionAnswersWhatTheEventsSay(String id, String sql) {
        List<List<String>> expected = archive.answers().get(id);
        assertThat(expected).as("answers computed for '%s'", id).isNotNull().isNotEmpty();

        assertThat(rows(sql)).as(sql).containsExactlyElementsOf(expected);
    }

    @Test
    void thePageAsksEveryQuestion() throws IOException {
        assertThat(RecipePage.read("spark.md").questions().keySet())
                .containsExactlyInAnyOrderElementsOf(archive.answers().keySet());
    }

    @Test
    void everySegmentLineIsOneRowUnderItsPartitionAndTheIntegrityFolderIsNotRead() {
        List<List<String>> expected = new ArrayList<>();
        archive.eventsByPartition().forEach((partition, count) ->
                expected.add(ExpectedAnswers.row(partition.split("/")[0], partition.split("/")[1], count)));

        assertThat(rows("SELECT cluster, dt, count(*) FROM events GROUP BY cluster, dt ORDER BY cluster, dt"))
                .containsExactlyElementsOf(expected);
        assertThat(rows("SELECT count(*) FROM events WHERE auditID IS NULL OR stageTimestamp IS NULL"))
                .containsExactly(List.of("0"));
    }

    @Test
    void bodiesKeepTheirJsonTextAndAnnotationsAreAMap() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, FixtureEvent> byKey = new HashMap<>();
        archive.events().forEach(e -> byKey.put(e.auditID() + "/" + e.stage(), e));
        List<Row> rows = spark.sql("SELECT auditID, stage, requestObject, responseObject, annotations FROM events")
                .collectAsList();

        assertThat(rows).hasSize(archive.events().size());
        int bodies = 0;
        for (Row row : rows) {
            FixtureEvent event = byKey.get(row.getString(0) + "/" + row.getString(1));
            assertThat(event).as("event %s/%s", row.getString(0), row.getString(1)).isNotNull();
            JsonNode body = row.isNullAt(2) ? null : mapper.readTree(row.getString(2));
            assertThat(body).isEqualTo(event.requestObject());
            assertThat(row.isNullAt(3)).isTrue();
            assertThat(row.isNullAt(4) ? Map.of() : row.<String, String>getJavaMap(4)).isEqualTo(event.annotations());
            bodies += body == null ? 0 : 1;
        }
        assertThat(bodies).isPositive();
    }

    private static List<List<String>> rows(String sql) {
        List<List<String>> rows = new ArrayList<>();
        for (Row row : spark.sql(sql).collectAsList()) {
            List<Object> cells = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                Object cell = row.get(i);
                assertThat(cell).as("column %d of %s", i, sql)
                        .satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c).isInstanceOfAny(
                                String.class, Integer.class, Long.class, Instant.class, LocalDate.class));
                cells.add(cell);
            }
            rows.add(ExpectedAnswers.row(cells.toArray()));
        }
        return rows;
    }
}
