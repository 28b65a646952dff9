package dev.kubeaudit.search.archivesql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.search.testing.GoldenArchive;
import dev.kubeaudit.shipper.testing.FolderKeys;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages' partition locations and globs against the keys real agents shipped with
 * {@code ship.layout: hive}: every segment's folder is the one Athena and Trino project for its
 * cluster and day, the Spark and DuckDB globs take every segment and no integrity object.
 */
class RecipesOnShippedKeysTest {
    @TempDir
    Path dir;

    @Test
    void everyShippedSegmentAndNoIntegrityObjectIsInTheTable() throws Exception {
        GoldenArchive golden = GoldenArchive.produce(dir);
        List<String> keys = FolderKeys.of(golden.hiveLayout());
        List<SegmentKey> segments = keys.stream().map(SegmentKey::parse).flatMap(Optional::stream).toList();
        assertThat(segments).hasSize(golden.segments());
        assertThat(keys.size()).as("manifests and checkpoints beside the segments").isGreaterThan(segments.size());

        String athena = HiveLayoutTemplateTest.block(AthenaRecipe.page(), "athena-events");
        String trino = HiveLayoutTemplateTest.block(TrinoRecipe.page(), "trino-events");
        for (SegmentKey segment : segments) {
            String folder = segment.key().substring(0, segment.key().lastIndexOf('/') + 1);
            LocalDate day = LocalDate.ofInstant(segment.segmentTime(), ZoneOffset.UTC);
            assertThat(projected(athena, "LOCATION '([^']+)'", "'storage.location.template' = '([^']+)'",
                    "'projection.dt.format' = '([^']+)'", segment.cluster(), day)).as("Athena").isEqualTo(folder);
            assertThat(projected(trino, "external_location = '([^']+)'",
                    "partition_projection_location_template = '([^']+)'", "partition_projection_format = '([^']+)'",
                    segment.cluster(), day)).as("Trino").isEqualTo(folder);
        }

        String sparkGlob = one(HiveLayoutTemplateTest.block(SparkRecipe.page(), "spark-read"),
                "\\.json\\(ARCHIVE \\+ \"([^\"]+)\"\\)") + "*";
        String duckGlob = one(HiveLayoutTemplateTest.block(DuckDbRecipe.page(), "duckdb-view"),
                "read_json\\('" + Pattern.quote(DuckDbRecipe.ARCHIVE_FOLDER) + "([^']+)'");
        for (String glob : List.of(sparkGlob, duckGlob)) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            for (String key : keys) {
                boolean segment = SegmentKey.parse(key).isPresent();
                assertThat(matcher.matches(Path.of(key))).as("%s on %s", glob, key).isEqualTo(segment);
            }
        }
    }

    /** The folder the page's template gives {@code cluster} and {@code day}, relative to its root. */
    private static String projected(String block, String rootPattern, String templatePattern, String formatPattern,
                                    String cluster, LocalDate day) {
        String root = one(block, rootPattern);
        String template = one(block, templatePattern);
        String dt = day.format(DateTimeFormatter.ofPattern(one(block, formatPattern)));
        String folder = template.replace("${cluster}", cluster).replace("${dt}", dt);
        assertThat(folder).startsWith(root);
        return folder.substring(root.length());
    }

    private static String one(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return m.group(1);
    }
}
