package dev.kubeaudit.search.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.testing.Cli;
import dev.kubeaudit.search.testing.Cli.Result;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.TestArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage errors exit 2 with one line naming the flag and value; unreadable segments exit 1 naming the key. */
class SearchErrorsTest {
    @TempDir
    Path dir;
    TestArchive archive;
    String good;

    @BeforeEach
    void writeArchive() throws IOException {
        archive = new TestArchive(dir.resolve("archive"));
        good = archive.segment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-01T10:00:00Z", Compression.GZIP,
                List.of(Event.at("e1", "2026-05-01T09:00:00Z").line()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--bogus     | x                      | search: Unknown options: '--bogus', 'x'",
        "--since     | yesterday              | search: --since: 'yesterday' (expected: a duration such as 7d, 24h or 90m,",
        "--until     | 2026-13-01T00:00:00Z   | search: --until: '2026-13-01T00:00:00Z' (expected: a duration",
        "--since     | -5m                    | search: --since: '-5m' (expected: a duration",
        "--code      | 4x                     | search: --code: '4x' (expected: a status code such as 403 or a class such as 4xx)",
        "--code      | 600                    | search: --code: '600' (expected: a status code",
        "--resource  | pods/                  | search: --resource: 'pods/' (expected: RESOURCE[.GROUP][/SUBRESOURCE]",
        "--resource  | .apps                  | search: --resource: '.apps' (expected: RESOURCE[.GROUP][/SUBRESOURCE]",
        "--order     | sideways               | search: --order: 'sideways' (expected: one of newest, oldest)",
        "--output    | yaml                   | search: --output: 'yaml' (expected: one of human, json)",
        "--limit     | 0                      | search: --limit: 0 (expected: >= 1)",
        "--limit     | ten                    | search: Invalid value for option '--limit': 'ten' is not a long",
        "--count-by  | user,color             | search: --count-by: 'color' (expected: one of user, group, verb,",
        "--max-line-bytes | 0                 | search: --max-line-bytes: '0' (expected: bytes > 0 such as 68157440 or 65Mi)",
        "--max-line-bytes | 1Gi               | search: --max-line-bytes: '1Gi' (expected: bytes > 0",
        "--count-by  | group,source-ip        | search: --count-by group,source-ip: keys: group and source-ip together",
        "--cache-max-bytes | 10GB             | search: Invalid value for option '--cache-max-bytes': '10GB' (expected: a byte size such as 1048576, 500Mi or 10Gi)",
        "--cache-max-bytes | -1               | search: Invalid value for option '--cache-max-bytes': '-1' (expected: a byte size",
    })
    void aWrongFlagValueExitsTwoWithOneLineNamingIt(String flag, String value, String message) {
        Result r = Cli.search(archive.location(), flag, value);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(message).hasLineCount(1);
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void sinceMustBeBeforeUntil() {
        Result r = Cli.search(archive.location(), "--since", "1h", "--until", "2h");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("search: --since 1h, --until 2h: since ").hasLineCount(1);
    }

    @Test
    void aMissingArchiveExitsTwoNamingIt() {
        Path missing = dir.resolve("nowhere");

        Result r = Cli.search("file:" + missing);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("search: ARCHIVE file:" + missing + ": ").contains("does not exist").hasLineCount(1);
        assertThat(Cli.search("ftp://host/x").err()).startsWith("search: ARCHIVE ftp://host/x: ").contains("unknown scheme 'ftp'");
        assertThat(Cli.search().err()).isEqualTo("search: Missing required parameter: 'ARCHIVE'\n");
    }

    @Test
    void filtersAreRefusedBesideSql() {
        Result r = Cli.search(archive.location(), "--sql", "SELECT 1", "--user", "alice");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("search: --user cannot be given with --sql (write it in the query;");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SELEC 1                                     | search: --sql: syntax error at or near \"SELEC\"",
        "SELECT nope FROM events                     | search: --sql: Binder Error: Referenced column \"nope\" not found",
        "SELECT * FROM read_text('/etc/hostname')    | search: --sql: Permission Error: Cannot access file \"/etc/hostname\"",
        "SET enable_external_access = true           | search: --sql: Only SELECT statements can be serialized",
        "SELECT CAST(verb AS INTEGER) FROM events    | search: --sql: Conversion Error: Could not convert string 'get'",
    })
    void aWrongQueryExitsTwo(String sql, String message) {
        Result r = Cli.search(archive.location(), "--sql", sql);

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(message).hasLineCount(1);
    }

    @Test
    void sqlCannotWriteOverASegment() throws IOException {
        Path segment = archive.root().resolve(good);
        byte[] before = Files.readAllBytes(segment);

        Result copy = Cli.search(archive.location(), "--sql", "COPY (SELECT 1) TO '" + segment + "' (USE_TMP_FILE false)");
        Result chained = Cli.search(archive.location(), "--sql", "SELECT 1; COPY (SELECT 1) TO '" + segment
                + "' (USE_TMP_FILE false)");

        assertThat(copy.exit()).isEqualTo(2);
        assertThat(chained.exit()).isEqualTo(2);
        assertThat(chained.err()).startsWith("search: --sql: Only SELECT statements can be serialized");
        assertThat(segment).hasBinaryContent(before);
    }

    @Test
    void aSegmentThatIsNoGzipExitsOneNamingItsKey() throws IOException {
        String bad = archive.segment(ArchiveLayout.HIVE, "prod", "node-b", "2026-05-01T11:00:00Z", Compression.GZIP, List.of());
        archive.write(bad, "plain text, not gzip".getBytes(StandardCharsets.UTF_8));

        Result r = Cli.search(archive.location());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("search: Segment '" + bad + "' cannot be read: ").contains("GZIP")
                .doesNotContain(archive.root().toString()).hasLineCount(1);
    }

    @Test
    void aLineThatIsNoJsonExitsOneNamingTheKeyInEveryMode() throws IOException {
        String bad = archive.segment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-01T11:00:00Z", Compression.ZSTD,
                List.of(Event.at("e2", "2026-05-01T10:30:00Z").line(), "{\"auditID\": \"cut"));
        String expected = "search: Segment '" + bad + "' cannot be read: ";

        assertThat(Cli.search(archive.location(), "-o", "json").err()).startsWith(expected).contains("Malformed JSON");
        assertThat(Cli.search(archive.location(), "--count-by", "verb").err()).startsWith(expected);
        Result sql = Cli.search(archive.location(), "--sql", "SELECT count(*) FROM events");
        assertThat(sql.exit()).isEqualTo(1);
        assertThat(sql.err()).startsWith(expected);
    }

    @Test
    void aLineLongerThanMaxLineBytesExitsOneNamingTheKey() throws IOException {
        String big = archive.segment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-01T11:00:00Z", Compression.GZIP,
                List.of(Event.at("big", "2026-05-01T10:30:00Z").requestBody(40 << 20).line()));

        Result r = Cli.search(archive.location(), "--max-line-bytes", "1Mi");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("search: Segment '" + big + "' cannot be read: ").contains("maximum_object_size");
        assertThat(Cli.search(archive.location(), "--max-line-bytes", "41Mi").err()).isEqualTo("2 events\n");
    }

    @Test
    void aSegmentThatIsNoZstdExitsOne() throws IOException {
        String bad = archive.segment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-01T12:00:00Z", Compression.ZSTD, List.of());
        archive.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        Result r = Cli.search(archive.location(), "--user", "alice");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("search: Segment '" + bad + "' cannot be read: ");
    }
}
