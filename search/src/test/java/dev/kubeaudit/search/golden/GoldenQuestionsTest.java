package dev.kubeaudit.search.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeaudit.search.testing.Cli;
import dev.kubeaudit.search.testing.GoldenArchive;
import dev.kubeaudit.search.testing.GoldenEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The questions audit logs are kept for, asked with {@code search} of archives that real agents
 * wrote (both layouts; gzip, zstd and plain segments over two days; a 3 MiB line; non-ASCII and
 * quoted names), each answer compared with one computed here from the generated events alone.
 */
class GoldenQuestionsTest {
    @TempDir
    static Path dir;
    static GoldenArchive golden;
    static List<JsonNode> events;

    @BeforeAll
    static void produce() throws Exception {
        golden = GoldenArchive.produce(dir);
        events = golden.events().stream().map(GoldenEvents::parse).toList();
    }

    static Stream<String> archives() {
        return Stream.of("default", "hive");
    }

    private static String archive(String layout) {
        return "file:" + (layout.equals("hive") ? golden.hiveLayout() : golden.defaultLayout());
    }

    @ParameterizedTest
    @MethodSource("archives")
    void whoDeletedTheSecret(String layout) {
        Cli.Result r = Cli.search(archive(layout), "--verb", "delete", "--resource", "secrets", "--namespace",
                GoldenEvents.SECRET_NAMESPACE, "--name", GoldenEvents.SECRET, "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(users(r)).containsExactlyElementsOf(expected(e -> e.path("verb").asText().equals("delete")
                && ref(e, "resource").equals("secrets") && ref(e, "namespace").equals(GoldenEvents.SECRET_NAMESPACE)
                && ref(e, "name").equals(GoldenEvents.SECRET)).stream().map(GoldenQuestionsTest::user).toList())
                .containsExactly(GoldenEvents.DELETER);
        assertThat(r.err()).contains("1 event");
    }

    @ParameterizedTest
    @MethodSource("archives")
    void oneUsersActionsInAWindowOldestFirst(String layout) {
        Instant since = Instant.parse("2026-11-27T16:00:00Z");
        Instant until = Instant.parse("2026-11-28T01:00:00Z"); // across midnight
        Cli.Result r = Cli.search(archive(layout), "--user", GoldenEvents.ALICE, "--since", since.toString(), "--until",
                until.toString(), "--order", "oldest", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> inWindow = expected(e -> user(e).equals(GoldenEvents.ALICE) && !time(e).isBefore(since)
                && time(e).isBefore(until));
        assertThat(inWindow).extracting(e -> time(e).toString().substring(0, 10)).contains("2026-11-27", "2026-11-28");
        List<String> want = inWindow.stream().map(e -> e.path("auditID").asText()).toList();
        assertThat(ids(r)).containsExactlyElementsOf(want);
        assertThat(r.err()).contains(want.size() + " events");
    }

    @ParameterizedTest
    @MethodSource("archives")
    void verbsPerUser(String layout) {
        Cli.Result r = Cli.search(archive(layout), "--count-by", "user,verb");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Long> want = new TreeMap<>();
        events.forEach(e -> want.merge(user(e) + "\t" + e.path("verb").asText(), 1L, Long::sum));
        Map<String, Long> got = new TreeMap<>();
        List<String> rows = r.lines();
        for (String row : rows.subList(1, rows.size())) {
            int last = row.lastIndexOf('\t');
            got.put(row.substring(0, last), Long.parseLong(row.substring(last + 1)));
        }
        assertThat(got).isEqualTo(want);
        assertThat(rows.get(0).split("\t")).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("archives")
    void every403(String layout) {
        Cli.Result r = Cli.search(archive(layout), "--code", "403", "-o", "json", "--order", "oldest");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> want = expected(e -> e.path("responseStatus").path("code").asInt() == 403).stream()
                .map(e -> e.path("auditID").asText()).toList();
        assertThat(want).hasSize(2);
        assertThat(ids(r)).containsExactlyElementsOf(want);
        assertThat(Cli.search(archive(layout), "--code", "4xx", "--count-by", "user").lines())
                .contains(GoldenEvents.FORBIDDEN_SA + "\t2");
    }

    @ParameterizedTest
    @MethodSource("archives")
    void execAndAttachIntoPods(String layout) {
        Cli.Result r = Cli.search(archive(layout), "--resource", "pods/exec,pods/attach", "-o", "json", "--order", "oldest");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> want = expected(e -> ref(e, "resource").equals("pods")
                && List.of("exec", "attach").contains(ref(e, "subresource"))).stream()
                .map(e -> e.path("auditID").asText()).toList();
        assertThat(want).hasSize(3);
        assertThat(ids(r)).containsExactlyElementsOf(want);
        Cli.Result human = Cli.search(archive(layout), "--resource", "pods/exec", "--namespace", "kube-system");
        assertThat(human.lines()).hasSize(2).allMatch(l -> l.contains(" create pods/exec kube-system/etcd-cp-1 101 "));
    }

    @ParameterizedTest
    @MethodSource("archives")
    void namesAreMatchedLiterallyWhateverTheyHold(String layout) {
        Cli.Result accented = Cli.search(archive(layout), "--user", GoldenEvents.NON_ASCII_USER);
        assertThat(accented.exit()).as(accented.err()).isZero();
        assertThat(accented.lines()).singleElement().asString().contains(GoldenEvents.NON_ASCII_USER)
                .contains("configmaps shop/grüße");
        Cli.Result quoted = Cli.search(archive(layout), "--user", GoldenEvents.QUOTED_USER, "--name", "a'b;c", "-o", "json");
        assertThat(quoted.exit()).as(quoted.err()).isZero();
        assertThat(users(quoted)).containsExactly(GoldenEvents.QUOTED_USER);
        Cli.Result nobody = Cli.search(archive(layout), "--user", "alice' OR '1'='1");
        assertThat(nobody.exit()).isZero();
        assertThat(nobody.out()).isEmpty();
        assertThat(nobody.err()).contains("0 events");
    }

    @ParameterizedTest
    @MethodSource("archives")
    void theMultiMebibyteLineComesBackByteForByte(String layout) {
        Cli.Result r = Cli.search(archive(layout), "--name", "big-bundle", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        String line = golden.events().stream().filter(l -> l.contains("\"big-bundle\"")).findFirst().orElseThrow();
        assertThat(line.length()).isGreaterThan(3 << 20);
        assertThat(r.out()).isEqualTo(line + "\n");
    }

    @ParameterizedTest
    @MethodSource("archives")
    void aWindowOpensOnlyTheSegmentsThatCanHoldIt(String layout) {
        Instant since = golden.end().minus(GoldenArchive.ROTATE_INTERVAL).minusSeconds(1800);
        Cli.Result r = Cli.search(archive(layout), "--since", since.toString(), "--now", golden.end().toString(), "-v",
                "--count-by", "verb");
        assertThat(r.exit()).as(r.err()).isZero();
        // since is on the 28th: the 27th's folder is not listed, only the three segments rotated on the 28th
        assertThat(golden.segments()).isEqualTo(5);
        assertThat(r.err()).contains("reading 1 of 3 segments listed");
        List<String> want = expected(e -> !time(e).isBefore(since)).stream().map(e -> e.path("auditID").asText()).toList();
        assertThat(Cli.search(archive(layout), "--since", since.toString(), "-o", "json").lines()).hasSize(want.size());
    }

    private static List<JsonNode> expected(Predicate<JsonNode> p) {
        List<JsonNode> out = new ArrayList<>(events.stream().filter(p).toList());
        out.sort(Comparator.comparing(GoldenQuestionsTest::time));
        return out;
    }

    private static List<String> users(Cli.Result r) {
        return r.lines().stream().map(GoldenEvents::parse).map(GoldenQuestionsTest::user).toList();
    }

    private static List<String> ids(Cli.Result r) {
        return r.lines().stream().map(GoldenEvents::parse).map(e -> e.path("auditID").asText()).toList();
    }

    private static String user(JsonNode e) {
        return e.path("user").path("username").asText();
    }

    private static String ref(JsonNode e, String field) {
        return e.path("objectRef").path(field).asText("");
    }

    private static Instant time(JsonNode e) {
        return Instant.parse(e.path("stageTimestamp").asText());
    }
}
