package dev.kubeaudit.archivesql.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.search.archivesql.DuckDbRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DuckDB recipe of {@code docs/archive-sql/duckdb.md} (its view, with the archive folder put in
 * place of the page's), run on embedded DuckDB offline over the same generated archive as
 * {@link SparkRecipeTest}; every question of the page answers what Java computes from the events.
 */
class DuckDbRecipeTest {
    private static final long SEED = 20261127L;

    @TempDir
    static Path folder;
    @TempDir
    static Path extensions;
    static GeneratedArchive archive;
    static Connection duckdb;

    @BeforeAll
    static void createTheViewAsThePageSays() throws IOException, SQLException {
        archive = GeneratedArchive.write(folder, SEED);
        String view = RecipePage.read("duckdb.md").block("duckdb-view");
        String archiveFolder = "'" + DuckDbRecipe.ARCHIVE_FOLDER;
        assertThat(view).containsOnlyOnce(archiveFolder);
        Properties offline = new Properties();
        offline.setProperty("autoinstall_known_extensions", "false");
        offline.setProperty("autoload_known_extensions", "false");
        offline.setProperty("extension_directory", Files.createDirectories(extensions).toString());
        duckdb = DriverManager.getConnection("jdbc:duckdb:", offline);
        try (Statement s = duckdb.createStatement()) {
            s.execute(view.replace(archiveFolder, "'" + folder.toString().replace("'", "''") + "/"));
        }
    }

    @AfterAll
    static void closeDuckDb() throws SQLException {
        if (duckdb != null) {
            duckdb.close();
        }
    }

    static Stream<Arguments> questions() throws IOException {
        return RecipePage.read("duckdb.md").questions().entrySet().stream()
                .map(q -> Arguments.of(q.getKey(), q.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("questions")
    void eachQuestionAnswersWhatTheEventsSay(String id, String sql) throws SQLException {
        List<List<String>> expected = archive.answers().get(id);
        assertThat(expected).as("answers computed for '%s'", id).isNotNull().isNotEmpty();

        assertThat(rows(sql)).as(sql).containsExactlyElementsOf(expected);
    }

    @Test
    void everySegmentLineIsOneRowUnderItsPartitionAndTheIntegrityFolderIsNotRead() throws SQLException {
        List<List<String>> expected = new ArrayList<>();
        archive.eventsByPartition().forEach((partition, count) ->
                expected.add(ExpectedAnswers.row(partition.split("/")[0], partition.split("/")[1], count)));

        assertThat(rows("SELECT cluster, dt, count(*) FROM events GROUP BY cluster, dt ORDER BY cluster, dt"))
                .containsExactlyElementsOf(expected);
    }

    private static List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = duckdb.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object cell = r.getObject(i);
                    if (cell instanceof OffsetDateTime time) {
                        cell = time.toInstant();
                    } else if (cell instanceof java.sql.Date date) {
                        cell = date.toLocalDate();
                    }
                    assertThat(cell).as("column %d of %s", i, sql).satisfiesAnyOf(c -> assertThat(c).isNull(),
                            c -> assertThat(c).isInstanceOfAny(String.class, Integer.class, Long.class,
                                    java.time.Instant.class, LocalDate.class));
                    cells.add(cell);
                }
                rows.add(ExpectedAnswers.row(cells.toArray()));
            }
        }
        return rows;
    }
}
