package dev.kubeaudit.search.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.testing.Cli;
import dev.kubeaudit.search.testing.Cli.Result;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.TestArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every filter of search, alone and combined, over one archive of both layouts and all three compressions. */
class SearchFiltersTest {
    @TempDir
    static Path dir;
    static TestArchive archive;

    @BeforeAll
    static void writeArchive() throws IOException {
        archive = new TestArchive(dir.resolve("archive"));
        archive.sealedSegment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-01T10:05:00Z", Compression.GZIP, List.of(
                Event.at("a1", "2026-05-01T10:00:01Z").line(),
                Event.at("a2", "2026-05-01T10:00:02Z").user("bob", "dev", "system:authenticated").verb("list")
                        .object("pods", null, null, "team-a", null).line(),
                Event.at("a3", "2026-05-01T10:00:03Z").verb("create").object("pods", null, "exec", "default", "web-0")
                        .code(101).line()));
        archive.segment(ArchiveLayout.HIVE, "prod", "node-b", "2026-05-01T10:10:00Z", Compression.ZSTD, List.of(
                Event.at("b1", "2026-05-01T10:06:00Z").user("carol").object("secrets", null, null, "kube-system", "token")
                        .code(403).line(),
                Event.at("b2", "2026-05-01T10:07:00Z").user("carol").verb("patch")
                        .object("deployments", "apps", "scale", "default", "web").code(404).line(),
                Event.at("b3", "2026-05-01T10:08:00Z").user("dave").verb("update")
                        .object("deployments", "apps", null, "default", "web").sourceIps("192.0.2.7", "10.0.0.9").line()));
        archive.segment(ArchiveLayout.DEFAULT, "staging", "node-c", "2026-05-01T10:20:00Z", Compression.NONE, List.of(
                Event.at("c1", "2026-05-01T10:15:00Z").user("x'; DROP TABLE events; --").line(),
                Event.at("c2", "2026-05-01T10:16:00Z").user("zoë 日本").stage("RequestReceived").line(),
                Event.at("c3", "2026-05-01T10:17:00Z").object("pods", null, null, "default", "it's;name").code(500).line()));
    }

    @Test
    void withoutFiltersPrintsEveryEventNewestFirstAndCountsThem() {
        Result r = search();

        assertThat(r.exit()).isZero();
        assertThat(ids(r)).containsExactly("c3", "c2", "c1", "b3", "b2", "b1", "a3", "a2", "a1");
        assertThat(r.err()).isEqualTo("9 events\n");
    }

    @Test
    void printsEventsAsTailDoes() {
        Result r = search("--audit-id", "b2,a2", "-o", "human");

        assertThat(r.lines()).containsExactly(
                "2026-05-01T10:06:59.995Z carol patch deployments.apps/scale default/web 404 Metadata ResponseComplete",
                "2026-05-01T10:00:01.995Z bob list pods team-a/* 200 Metadata ResponseComplete");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--user       | carol                     | b2 b1",
        "--user       | carol,dave                | b3 b2 b1",
        "--group      | dev                       | a2",
        "--verb       | patch,update              | b3 b2",
        "--resource   | secrets                   | b1",
        "--resource   | pods                      | c3 c2 c1 a3 a2 a1",
        "--resource   | pods/exec                 | a3",
        "--resource   | deployments.apps          | b3 b2",
        "--resource   | deployments.apps/scale    | b2",
        "--resource   | deployments.batch         | ''",
        "--namespace  | kube-system,team-a        | b1 a2",
        "--name       | web                       | b3 b2",
        "--code       | 403                       | b1",
        "--code       | 4xx                       | b2 b1",
        "--code       | 4XX,5xx                   | c3 b2 b1",
        "--code       | 1xx                       | a3",
        "--stage      | RequestReceived           | c2",
        "--source-ip  | 10.0.0.9                  | b3",
        "--audit-id   | a1,c1                     | c1 a1",
        "--cluster    | staging                   | c3 c2 c1",
        "--node       | node-a,node-b             | b3 b2 b1 a3 a2 a1",
    })
    void filtersByOneFlag(String flag, String value, String expected) {
        Result r = search(flag, value, "-o", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(ids(r)).containsExactlyElementsOf(expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" ")));
    }

    @Test
    void repeatedFlagsMatchAnyValueAndDifferentFlagsAll() {
        assertThat(ids(search("--user", "carol", "--user", "dave"))).containsExactly("b3", "b2", "b1");
        assertThat(ids(search("--user", "carol", "--code", "4xx", "--verb", "patch"))).containsExactly("b2");
        assertThat(ids(search("--user", "carol", "--cluster", "staging"))).isEmpty();
    }

    @Test
    void namesWithQuotesAndSemicolonsMatchLiterally() {
        assertThat(ids(search("--user", "x'; DROP TABLE events; --"))).containsExactly("c1");
        assertThat(ids(search("--name", "it's;name"))).containsExactly("c3");
        assertThat(ids(search("--user", "x' OR '1'='1"))).isEmpty();
    }

    @Test
    void nonAsciiUserNamesMatchAndPrint() {
        Result r = search("--user", "zoë 日本");

        assertThat(ids(r)).containsExactly("c2");
        assertThat(search("--user", "zoë 日本", "-o", "human").out()).contains(" zoë 日本 get pods default/web-0 ");
    }

    @Test
    void oldestFirstAndLimit() {
        assertThat(ids(search("--order", "oldest", "--limit", "2"))).containsExactly("a1", "a2");
        Result limited = search("--limit", "2");
        assertThat(limited.err()).isEqualTo("2 events (limit reached)\n");
        Result exact = search("--user", "carol", "--limit", "2");
        assertThat(exact.err()).isEqualTo("2 events\n");
    }

    @Test
    void noMatchIsZeroEventsAndExitZero() {
        Result r = search("--user", "nobody");

        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.err()).isEqualTo("0 events\n");
    }

    private static Result search(String... flags) {
        List<String> args = new ArrayList<>(List.of(archive.location()));
        args.addAll(List.of(flags));
        if (!args.contains("-o")) {
            args.addAll(List.of("-o", "json"));
        }
        return Cli.search(args.toArray(String[]::new));
    }

    private static List<String> ids(Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r.lines().stream().map(l -> l.replaceAll(".*\"auditID\":\"([^\"]*)\".*", "$1")).toList();
    }
}
