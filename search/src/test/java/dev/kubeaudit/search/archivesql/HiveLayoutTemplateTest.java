package dev.kubeaudit.search.archivesql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.SegmentKey;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The partition folders the pages name are the ones the hive layout gives segments. */
class HiveLayoutTemplateTest {

    @ParameterizedTest
    @CsvSource({
            "prod, cp1, audit-2026-11-27T03-16-01.000.log.gz",
            "staging, cp-2, audit-2026-12-31T23-59-59.999.log.zst",
            "eu.west, node0, audit-2027-01-01T00-00-00.000.log"})
    void athenaAndTrinoProjectTheSegmentsFolder(String cluster, String node, String backup) {
        String key = hiveKey(cluster, node, backup);
        String folder = key.substring(0, key.lastIndexOf('/') + 1);
        LocalDate day = LocalDate.ofInstant(SegmentKey.parse(key).orElseThrow().segmentTime(), ZoneOffset.UTC);

        for (String block : List.of(block(AthenaRecipe.page(), "athena-events"), block(AthenaRecipe.page(), "athena-bodies"))) {
            String root = single(block, "LOCATION '([^']+)'");
            String template = single(block, "'storage.location.template' = '([^']+)'");
            String format = single(block, "'projection.dt.format' = '([^']+)'");
            assertThat(single(block, "PARTITIONED BY \\(([^)]+)\\)")).isEqualTo("`cluster` string, `dt` string");
            assertThat(template).startsWith(root);
            assertThat(project(template, cluster, day, format)).isEqualTo(root + folder);
        }
        for (String block : List.of(block(TrinoRecipe.page(), "trino-events"), block(TrinoRecipe.page(), "trino-bodies"))) {
            String root = single(block, "external_location = '([^']+)'");
            String template = single(block, "partition_projection_location_template = '([^']+)'");
            String format = single(block, "partition_projection_format = '([^']+)'");
            assertThat(single(block, "partitioned_by = ARRAY\\[([^]]+)\\]")).isEqualTo("'cluster', 'dt'");
            assertThat(template).startsWith(root);
            assertThat(project(template, cluster, day, format)).isEqualTo(root + folder);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "prod, cp1, audit-2026-11-27T03-16-01.000.log.gz",
            "staging, cp-2, audit-2026-12-31T23-59-59.999.log.zst",
            "eu.west, node0, audit-2027-01-01T00-00-00.000.log"})
    void sparkAndDuckDbGlobsMatchSegmentsAndNotIntegrityObjects(String cluster, String node, String backup) {
        String key = hiveKey(cluster, node, backup);
        String manifest = ArchiveLayout.HIVE.manifestKey(key);
        String sparkGlob = single(block(SparkRecipe.page(), "spark-read"), "\\.json\\(ARCHIVE \\+ \"([^\"]+)\"\\)") + "*";
        String duckGlob = single(block(DuckDbRecipe.page(), "duckdb-view"),
                "read_json\\('" + Pattern.quote(DuckDbRecipe.ARCHIVE_FOLDER) + "([^']+)'");

        for (String glob : List.of(sparkGlob, duckGlob)) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            assertThat(matcher.matches(Path.of(key))).as("%s matches %s", glob, key).isTrue();
            assertThat(matcher.matches(Path.of(manifest))).as("%s matches %s", glob, manifest).isFalse();
        }
    }

    /** The hive-layout key of {@code backup}, rotated at the time its name states. */
    private static String hiveKey(String cluster, String node, String backup) {
        Instant rotated = LocalDateTime.parse(backup.substring("audit-".length(), "audit-2026-11-27T03-16-01.000".length()),
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss.SSS")).toInstant(ZoneOffset.UTC);
        return ArchiveLayout.HIVE.segmentKey(cluster, node, backup, rotated);
    }

    private static String project(String template, String cluster, LocalDate day, String format) {
        return template.replace("${cluster}", cluster).replace("${dt}", day.format(DateTimeFormatter.ofPattern(format)));
    }

    /** The fenced block after {@code <!-- archive-sql: marker -->}. */
    static String block(String page, String marker) {
        Matcher m = Pattern.compile("<!-- archive-sql: " + Pattern.quote(marker) + " -->\n```[a-z]*\n(.*?)\n```",
                Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("block %s", marker).isTrue();
        return m.group(1);
    }

    private static String single(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        String value = m.group(1);
        assertThat(m.find()).as("a second %s", regex).isFalse();
        return value;
    }
}
