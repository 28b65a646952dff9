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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What search prints: JSON lines byte for byte, large lines, counts per key and --sql tables. */
class SearchOutputTest {
    /** Spaces, escapes, a key order of its own and a duplicate key: only the archived bytes are right. */
    static final String ODD_LINE = "{ \"kind\":\"Event\",\"stageTimestamp\" : \"2026-05-01T10:00:00.123456Z\","
            + "\"auditID\":\"odd\",\"verb\":\"get\",\"user\":{\"username\":\"\\u00e9l\\u00e8ve\",\"groups\":[\"g\"]},"
            + "\"requestURI\":\"/api?x=\\\"1\\\"\\t\",\"extra\":1.50,\"extra\":2,\"stage\":\"ResponseComplete\"}";

    @TempDir
    static Path dir;
    static TestArchive archive;
    static String large;

    @BeforeAll
    static void writeArchive() throws IOException {
        archive = new TestArchive(dir.resolve("archive"));
        large = Event.at("large", "2026-05-01T10:03:00Z").user("bob").verb("create").requestBody(20 << 20).line();
        archive.sealedSegment(ArchiveLayout.HIVE, "prod", "node-a", "2026-05-01T10:05:00Z", Compression.ZSTD, List.of(
                ODD_LINE,
                Event.at("b1", "2026-05-01T10:01:00Z").user("bob").verb("list").line(),
                Event.at("b2", "2026-05-01T10:02:00Z").user("bob").verb("get").sourceIps("10.0.0.2", "10.0.0.3").line(),
                large));
        archive.segment(ArchiveLayout.DEFAULT, "prod", "node-b", "2026-05-01T10:10:00Z", Compression.GZIP, List.of(
                Event.at("c1", "2026-05-01T10:06:00Z").user("carol").verb("get").annotation("authorization.k8s.io/decision",
                        "allow").line(),
                Event.at("a1", "2026-05-01T10:07:00Z").verb("get").code(403).line()));
    }

    @Test
    void jsonOutputIsTheArchivedLinesByteForByte() {
        Result r = Cli.search(archive.location(), "-o", "json", "--order", "oldest", "--audit-id", "odd,b1");

        assertThat(r.stdout()).isEqualTo((ODD_LINE + "\n" + Event.at("b1", "2026-05-01T10:01:00Z").user("bob").verb("list")
                .line() + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(r.err()).isEqualTo("2 events\n");
    }

    @Test
    void aTwentyMebibyteLineIsPrintedWholeAndAsTailDoes() {
        Result json = Cli.search(archive.location(), "-o", "json", "--audit-id", "large");
        Result human = Cli.search(archive.location(), "--audit-id", "large");

        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.stdout()).isEqualTo((large + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(human.out()).isEqualTo("2026-05-01T10:02:59.995Z bob create pods default/web-0 200 Request ResponseComplete\n");
    }

    @Test
    void countByGroupsMostFirst() {
        Result r = Cli.search(archive.location(), "--count-by", "user,verb");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly("user\tverb\tcount", "alice\tget\t1", "bob\tcreate\t1", "bob\tget\t1",
                "bob\tlist\t1", "carol\tget\t1", "élève\tget\t1");
        assertThat(r.err()).isEqualTo("6 rows\n");
    }

    @Test
    void countByTakesFiltersAndLimit() {
        assertThat(Cli.search(archive.location(), "--count-by", "verb", "--user", "bob,carol").lines())
                .containsExactly("verb\tcount", "get\t2", "create\t1", "list\t1");
        Result limited = Cli.search(archive.location(), "--count-by", "verb", "--limit", "1");
        assertThat(limited.lines()).containsExactly("verb\tcount", "get\t4");
        assertThat(limited.err()).isEqualTo("1 row\n");
        assertThat(Cli.search(archive.location(), "--count-by", "source-ip,code", "--user", "bob").lines())
                .containsExactly("source-ip\tcode\tcount", "10.0.0.1\t200\t2", "10.0.0.2\t200\t1", "10.0.0.3\t200\t1");
        assertThat(Cli.search(archive.location(), "--count-by", "cluster,node,day,resource", "--user", "carol").lines())
                .containsExactly("cluster\tnode\tday\tresource\tcount", "prod\tnode-b\t2026-05-01\tpods\t1");
    }

    @Test
    void sqlPrintsATabSeparatedTable() {
        Result r = Cli.search(archive.location(), "--sql", "SELECT \"user\".username AS who, count(*) AS n,"
                + " min(\"stageTimestamp\") AS first, max(segment) LIKE 'cluster=%' AS hive"
                + " FROM events WHERE verb = 'get' GROUP BY ALL ORDER BY n DESC, who");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly("who\tn\tfirst\thive",
                "alice\t1\t2026-05-01T10:07:00Z\tfalse", "bob\t1\t2026-05-01T10:02:00Z\ttrue",
                "carol\t1\t2026-05-01T10:06:00Z\tfalse", "élève\t1\t2026-05-01T10:00:00.123456Z\ttrue");
        assertThat(r.err()).isEqualTo("4 rows\n");
    }

    @Test
    void sqlSeesTypedColumnsAndTheRawLine() {
        Result r = Cli.search(archive.location(), "--sql", "SELECT annotations['authorization.k8s.io/decision'],"
                + " responseStatus.code + 1, dt, node, json_extract_string(raw, '$.auditID'), NULL, 'a\tb'"
                + " FROM events WHERE auditID IN ('c1', 'a1') ORDER BY auditID");

        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(1)).isEqualTo("NULL\t404\t2026-05-01\tnode-b\ta1\tNULL\ta\\tb");
        assertThat(r.lines().get(2)).isEqualTo("allow\t201\t2026-05-01\tnode-b\tc1\tNULL\ta\\tb");
    }
}
