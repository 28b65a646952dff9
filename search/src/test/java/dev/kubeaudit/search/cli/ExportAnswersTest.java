package dev.kubeaudit.search.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.archivesql.DuckDbRecipe;
import dev.kubeaudit.search.archivesql.ExampleQuestions;
import dev.kubeaudit.search.archivesql.ExampleQuestions.Question;
import dev.kubeaudit.search.archivesql.QueryDialect;
import dev.kubeaudit.search.testing.Cli;
import dev.kubeaudit.search.testing.Cli.Result;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.TestArchive;
import dev.kubeaudit.search.testing.TestDuckDb;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The questions of docs/archive-sql/duckdb.md, run as written on a view over an export (as the
 * README's export section says), answer exactly as on the page's view over the archive itself.
 */
class ExportAnswersTest {
    @TempDir
    Path dir;

    @Test
    void theDuckDbPagesQuestionsAnswerTheSameOnAnExport() throws Exception {
        Path root = dir.resolve("archive");
        writeArchive(root);
        Path dest = dir.resolve("exports");
        Result r = Cli.export("parquet", "file:" + root, "--to", "file:" + dest, "--now", "2026-12-01T00:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        Path run = dest.resolve("export-open-open-20261201T000000Z");

        Map<String, List<Map<String, Object>>> archived = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> exported = new LinkedHashMap<>();
        try (TestDuckDb duckdb = new TestDuckDb(dir)) {
            duckdb.execute(DuckDbRecipe.view(root + "/"));
            for (Question q : ExampleQuestions.in(QueryDialect.DUCKDB)) {
                archived.put(q.id(), duckdb.rows(q.sql()));
            }
            duckdb.execute("CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet(" + TestDuckDb.literal(run)
                    + " || '/*/*/*.parquet', hive_partitioning = true, hive_types = {'cluster': VARCHAR, 'dt': DATE})");
            for (Question q : ExampleQuestions.in(QueryDialect.DUCKDB)) {
                exported.put(q.id(), duckdb.rows(q.sql()));
            }
        }
        assertThat(archived.values()).as("every question has an answer in this archive").allSatisfy(a -> assertThat(a).isNotEmpty());
        assertThat(exported).containsExactlyEntriesOf(archived);
    }

    /** Two clusters, the window's day and the day after, an answer to every question and events outside the window. */
    private static void writeArchive(Path root) throws Exception {
        TestArchive archive = new TestArchive(root);
        archive.sealedSegment(ArchiveLayout.HIVE, "prod", "cp1", "2026-11-27T10:00:00Z", Compression.GZIP, List.of(
                Event.at("a1", "2026-11-27T05:59:59.999999Z").user("bob").verb("delete")
                        .object("secrets", null, null, "payments", "db-password").line(),
                Event.at("a2", "2026-11-27T08:00:00Z").user("bob").verb("delete")
                        .object("secrets", null, null, "payments", "db-password").line(),
                Event.at("a3", "2026-11-27T08:05:00Z").user("alice@example.com").verb("list").line(),
                Event.at("a4", "2026-11-27T08:06:00Z").user("alice@example.com").verb("create")
                        .object("configmaps", null, null, "web", "settings").requestObject("{\"data\":{\"k\":\"v\"}}").line()));
        archive.sealedSegment(ArchiveLayout.HIVE, "prod", "cp1", "2026-11-28T01:00:00Z", Compression.ZSTD, List.of(
                Event.at("a5", "2026-11-27T17:59:00Z").user("system:serviceaccount:ci:deployer").verb("patch").code(403)
                        .annotation(ExampleQuestions.REASON_ANNOTATION, "no RBAC policy matched").line(),
                Event.at("a6", "2026-11-27T18:00:00Z").user("alice@example.com").verb("get").line()));
        archive.segment(ArchiveLayout.HIVE, "dev", "cp9", "2026-11-27T12:00:00Z", Compression.NONE, List.of(
                Event.at("a7", "2026-11-27T11:00:00Z").user("zoë").verb("create").object("pods", null, "exec", "web", "web-0")
                        .stage("ResponseStarted").line(),
                Event.at("a8", "2026-11-27T11:30:00Z").user("zoë").verb("create").object("pods", null, "exec", "web", "web-0")
                        .line(),
                Event.at("a9", "2026-11-27T11:31:00Z").user("zoë").verb("get").line()));
    }
}
