package dev.kubeaudit.archivesql.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.search.testing.Cli;
import dev.kubeaudit.search.testing.GoldenArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Spark recipe of {@code docs/archive-sql/spark.md} over an archive that real agents shipped with
 * {@code ship.layout: hive} (the search module's golden archive: gzip, zstd and plain segments, a
 * segment rotated after midnight holding the window's last events, integrity objects under
 * {@code _integrity/}) answers every example question as {@code audit-agent search --sql} answers
 * the same question of {@code docs/archive-sql/duckdb.md}, on that archive and on its twin in the
 * default layout.
 */
class SparkMatchesSearchTest {
    private static final long STARTED = System.nanoTime();

    @TempDir
    static Path folder;
    static GoldenArchive golden;
    static SparkSession spark;

    @BeforeAll
    static void shipAndRead() throws Exception {
        golden = GoldenArchive.produce(folder);
        SparkSnippet snippet = SparkSnippet.parse(RecipePage.read("spark.md").block("spark-read"));
        SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("spark-matches-search")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.datetime.java8API.enabled", "true");
        snippet.settings().forEach(builder::config);
        spark = builder.getOrCreate();
        String root = golden.hiveLayout().toUri().toString();
        DataFrameReader reader = spark.read().schema(snippet.schema());
        snippet.options().forEach((name, value) -> reader.option(name, snippet.option(value, root)));
        reader.json(root + snippet.pathUnderRoot()).createOrReplaceTempView(snippet.view());
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
        System.out.printf("SparkMatchesSearchTest: %d events, total %d ms%n", golden == null ? 0 : golden.events().size(),
                (System.nanoTime() - STARTED) / 1_000_000);
    }

    static Stream<Arguments> questions() throws IOException {
        Map<String, String> duckdb = RecipePage.read("duckdb.md").questions();
        return RecipePage.read("spark.md").questions().entrySet().stream()
                .map(q -> Arguments.of(q.getKey(), q.getValue(), duckdb.get(q.getKey())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("questions")
    void sparkAnswersAsSearchDoes(String id, String sparkSql, String duckdbSql) {
        assertThat(duckdbSql).as("duckdb.md asks '%s' too", id).isNotNull();
        List<List<String>> bySpark = new ArrayList<>();
        for (Row row : spark.sql(sparkSql).collectAsList()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                cells.add(normal(row.get(i) == null ? null : row.get(i).toString()));
            }
            bySpark.add(cells);
        }
        assertThat(bySpark).as("Spark's answer to '%s'", id).isNotEmpty();
        for (Path archive : List.of(golden.hiveLayout(), golden.defaultLayout())) {
            Cli.Result search = Cli.search("file:" + archive, "--sql", duckdbSql);
            assertThat(search.exit()).as(search.err()).isZero();
            assertThat(rows(search)).as("search --sql '%s' over %s", id, archive).isEqualTo(bySpark);
        }
    }

    /** search's table without its header, cells normalized as Spark's. */
    private static List<List<String>> rows(Cli.Result search) {
        List<String> lines = search.lines();
        return lines.subList(1, lines.size()).stream()
                .map(line -> Arrays.stream(line.split("\t", -1)).map(c -> normal(c.equals("NULL") ? null : c)).toList())
                .toList();
    }

    /** A time as Instant prints it (both engines spell fractions differently); anything else as it is. */
    private static String normal(String cell) {
        if (cell == null || cell.length() < 20 || !Character.isDigit(cell.charAt(0)) || cell.charAt(10) != 'T') {
            return cell;
        }
        try {
            return Instant.parse(cell.replace("+00:00", "Z")).toString();
        } catch (DateTimeParseException e) {
            return cell;
        }
    }
}
