package dev.kubeaudit.agent.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.policy.EventEditor;
import dev.kubeaudit.agent.policy.Policy;
import dev.kubeaudit.agent.policy.PolicyFile;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.TestData;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three classic sample policies (a last, made-up event per sample shows a match and its edit) applied by a real agent to every real event of
 * testdata/real-audit (sent over HTTP as EventLists): audit.log holds exactly the events each
 * policy keeps, byte for byte, and the filtered counters say why the others went. The expectations
 * are computed here from each event's fields, independently of the policy code.
 */
class PolicySamplesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SAMPLES = Path.of("src", "test", "resources", "policy", "samples");
    static List<String> events;

    @TempDir
    Path dir;

    @BeforeAll
    static void readRealEvents() throws IOException {
        events = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(TestData.realAudit())) {
            files = list.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
            List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
            if (lines.stream().allMatch(l -> l.startsWith("{") && l.endsWith("}"))) {
                events.addAll(lines);
            } else {
                events.add(text.strip()); // one pretty-printed event: the agent compacts it
            }
        }
        assertThat(events).hasSize(3143);
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("pods-log-status-metadata.yaml",
                        (Predicate<JsonNode>) e -> core(e) && res(e, "resource").equals("pods")
                                && Set.of("log", "status").contains(res(e, "subresource")),
                        (Predicate<JsonNode>) e -> e.path("stage").asText().equals("RequestReceived"),
                        sentinel("alice", "get", "pods", "log", "web-0", "ResponseComplete"),
                        sentinel("alice", "get", "pods", "log", "web-0", "ResponseComplete")
                                .replace("\"level\":\"RequestResponse\"", "\"level\":\"Metadata\"")
                                .replace(",\"requestObject\":{\"kind\":\"Pod\"},\"responseObject\":{\"kind\":\"Pod\"}", ""),
                        30, 30),
                Arguments.of("pod-sp1-request-response.yaml",
                        (Predicate<JsonNode>) e -> core(e) && res(e, "resource").equals("pods")
                                && res(e, "subresource").isEmpty() && res(e, "name").equals("sp1")
                                && !e.path("verb").asText().equals("create"),
                        (Predicate<JsonNode>) e -> false,
                        sentinel("alice", "get", "pods", "", "sp1", "ResponseComplete"),
                        sentinel("alice", "get", "pods", "", "sp1", "ResponseComplete"), 0, 0),
                Arguments.of("minikube-user-request-response.yaml",
                        (Predicate<JsonNode>) e -> e.path("user").path("username").asText().equals("minikube-user"),
                        (Predicate<JsonNode>) e -> e.path("stage").asText().equals("ResponseComplete"),
                        sentinel("minikube-user", "create", "pods", "exec", "web-0", "ResponseStarted"),
                        sentinel("minikube-user", "create", "pods", "exec", "web-0", "ResponseStarted"), 2, 14));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void aClassicSampleKeepsExactlyItsEventsByteForByte(String sample, Predicate<JsonNode> matches,
            Predicate<JsonNode> omittedStage, String sentinel, String sentinelWritten, int kept, int droppedByStage)
            throws Exception {
        List<String> expected = new ArrayList<>();
        int matching = 0;
        for (String event : events) {
            JsonNode e = JSON.readTree(event);
            if (matches.test(e)) {
                matching++;
                if (!omittedStage.test(e)) {
                    expected.add(event);
                }
            }
        }
        assertThat(expected).hasSize(kept);
        assertThat(matching - kept).isEqualTo(droppedByStage);
        expected.add(sentinelWritten);

        AgentConfig config = TestConfigs.withPolicy(TestConfigs.under(dir), SAMPLES.resolve(sample).toAbsolutePath());
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            for (int i = 0; i < events.size(); i += 400) {
                assertThat(webhook.post(eventList(events.subList(i, Math.min(events.size(), i + 400)))).statusCode())
                        .isEqualTo(200);
            }
            assertThat(webhook.post(eventList(List.of(sentinel))).statusCode()).isEqualTo(200);
            awaitUntil(Duration.ofSeconds(30), () -> lines(config).contains(sentinelWritten),
                    "the last event written");
            String metrics = get(agent.metricsPort());
            assertThat(metrics)
                    .contains("audit_agent_events_filtered_total{cluster=\"default\",node=\"test-node\",reason=\"stage\"} "
                            + droppedByStage + ".0")
                    .contains("audit_agent_events_filtered_total{cluster=\"default\",node=\"test-node\",reason=\"level_none\"} "
                            + (events.size() - matching) + ".0");
        }
        assertThat(lines(config)).containsExactlyElementsOf(expected);
    }

    @Test
    void bodiesCutFromRealEventsLeaveEverythingElseAsReceived() throws Exception {
        Policy policy = PolicyFile.parse("metadata.yaml", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
                + "- level: Request\n  resources: [{group: \"\", resources: [configmaps]}]\n- level: Metadata\n").policy();
        int edited = 0;
        for (String event : events) {
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            EventEditor.Applied applied = EventEditor.apply(policy, bytes);
            ObjectNode before = (ObjectNode) JSON.readTree(event);
            boolean configMap = res(before, "resource").equals("configmaps") && core(before);
            String level = before.path("level").asText();
            boolean cut = configMap ? level.equals("RequestResponse") : !level.equals("Metadata");
            if (!cut) {
                assertThat(applied.event()).isSameAs(bytes);
                continue;
            }
            edited++;
            before.remove("responseObject");
            if (!configMap) {
                before.remove("requestObject");
            }
            before.put("level", configMap ? "Request" : "Metadata");
            String after = new String(applied.event(), StandardCharsets.UTF_8);
            assertThat(JSON.readTree(after)).isEqualTo(before);
        }
        assertThat(edited).isEqualTo(125);
    }

    static boolean core(JsonNode e) {
        return res(e, "apiGroup").isEmpty();
    }

    static String res(JsonNode e, String field) {
        return e.path("objectRef").path(field).asText("");
    }

    static String sentinel(String user, String verb, String resource, String sub, String name, String stage) {
        return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"RequestResponse\",\"auditID\":\"sentinel\","
                + "\"stage\":\"" + stage + "\",\"requestURI\":\"/api/v1/namespaces/default/pods/" + name
                + (sub.isEmpty() ? "" : "/" + sub) + "\",\"verb\":\"" + verb + "\",\"user\":{\"username\":\"" + user
                + "\",\"groups\":[\"system:authenticated\"]},\"objectRef\":{\"resource\":\"" + resource
                + "\",\"namespace\":\"default\",\"name\":\"" + name + "\",\"apiVersion\":\"v1\""
                + (sub.isEmpty() ? "" : ",\"subresource\":\"" + sub + "\"") + "},\"responseStatus\":{\"metadata\":{},"
                + "\"code\":200},\"requestObject\":{\"kind\":\"Pod\"},\"responseObject\":{\"kind\":\"Pod\"}}";
    }

    /** An EventList whose items are the events as they are (those carrying kind are written unchanged). */
    static byte[] eventList(List<String> items) {
        return ("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":["
                + String.join(",", items) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    static List<String> lines(AgentConfig config) {
        try {
            Path log = config.log().path();
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String get(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
