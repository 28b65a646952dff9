package dev.kubeaudit.dist;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.dist.OperationsFiles.Rule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts, their unit tests and the Grafana dashboard use only metrics the agent exports: every
 * metric name in an alert expression, in an {@code input_series} of alerts_test.yaml and in a
 * dashboard query is in a real scrape of the installed agent after it took batches, refused some,
 * rotated, shipped to a {@code file:} destination, signed a checkpoint and failed to forward to a
 * webhook destination nothing listens for (so its failures and backlog are exported). And the dashboard is
 * one an operator can read: rows, and a description and a unit on every panel.
 */
class MetricNamesIT {
    /** Names from other scrapes than the agent's, each with where Prometheus gets it. */
    private static final Map<String, String> OTHER_SCRAPES = Map.of(
            "up", "Prometheus's own series for every target",
            "apiserver_audit_error_total", "kube-apiserver, job apiserver in config/prometheus/scrape.yaml");
    private static final List<String> ROWS = List.of("Ingest", "Journal", "Writer", "Shipping", "Integrity", "Forwarding", "Process");
    private static final String TOKEN = "metric-names-it-token";

    @TempDir
    Path dir;

    @Test
    void dashboardHasItsRowsAndEveryPanelADescriptionAUnitAndTheDataSourceVariable() throws IOException {
        JsonNode dashboard = OperationsFiles.dashboard();
        List<String> rows = new ArrayList<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : OperationsFiles.panels(dashboard)) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("id of '" + title + "' unique").isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title + " within 24 columns").isLessThanOrEqualTo(24);
            if (panel.path("type").asText().equals("row")) {
                rows.add(title);
                continue;
            }
            assertThat(panel.path("type").asText()).as(title).isIn("timeseries", "stat", "gauge", "bargauge", "table");
            assertThat(panel.path("description").asText()).as(title + " description").isNotBlank();
            assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(title + " unit").isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title + " targets").isNotEmpty();
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as(title).isNotBlank());
        }
        assertThat(rows).isEqualTo(ROWS);
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).containsExactly("datasource", "cluster", "node");
    }

    @Test
    void everyMetricOfTheAlertsTheirTestsAndTheDashboardIsInARealScrapeOfTheAgent() throws Exception {
        Map<String, Set<String>> used = usedNames();
        int metricsPort = InstalledAgent.freePort();
        int ingestPort = InstalledAgent.freePort();
        try (InstalledAgent agent = InstalledAgent.start(dir, config(ingestPort, metricsPort), metricsPort)) {
            drive(agent, ingestPort);
            ScrapedMetrics scraped = ScrapedMetrics.parse(agent.scrape());
            Map<String, Set<String>> missing = new TreeMap<>();
            used.forEach((name, where) -> {
                if (!scraped.has(name) && !OTHER_SCRAPES.containsKey(name)) {
                    missing.put(name, where);
                }
            });
            assertThat(missing).as("metric names used but not in the agent's scrape (where used)").isEmpty();
            assertThat(used.keySet()).as("every name of another scrape still used").containsAll(OTHER_SCRAPES.keySet());
            assertThat(OTHER_SCRAPES.keySet()).noneMatch(scraped::has);
        }
    }

    /** Every metric name, with the files that use it. */
    private static Map<String, Set<String>> usedNames() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        for (Rule rule : OperationsFiles.rules()) {
            PromQlNames.of(rule.expr()).forEach(n -> used.computeIfAbsent(n, k -> new TreeSet<>()).add("alert " + rule.alert()));
        }
        for (String series : OperationsFiles.testSeries()) {
            PromQlNames.of(series).forEach(n -> used.computeIfAbsent(n, k -> new TreeSet<>()).add("alerts_test.yaml"));
        }
        for (String expr : OperationsFiles.dashboardExpressions(OperationsFiles.dashboard())) {
            PromQlNames.of(expr).forEach(n -> used.computeIfAbsent(n, k -> new TreeSet<>()).add("dashboard"));
        }
        assertThat(used).as("names found").hasSizeGreaterThan(40);
        return used;
    }

    /**
     * Bearer token, agent-side policy, rotation every second, a file: destination, integrity with
     * checkpoints every second, and a forward: webhook destination at a loopback port nothing listens on.
     */
    private Path config(int ingestPort, int metricsPort) throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("forward.kubeconfig"), "apiVersion: v1\nkind: Config\n"
                + "clusters:\n- name: nowhere\n  cluster:\n    server: http://127.0.0.1:" + InstalledAgent.freePort() + "\n"
                + "contexts:\n- name: default\n  context:\n    cluster: nowhere\n    user: \"\"\n"
                + "current-context: default\nusers: []\n");
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path policy = Files.writeString(dir.resolve("policy.yaml"),
                "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n");
        return Files.writeString(dir.resolve("agent.yaml"), "cluster: it\nnode: cp-it\n"
                + "listen: {port: " + ingestPort + ", bearerTokenFile: " + token + ", maxEventsPerBatch: 2}\n"
                + "journal: {dir: " + dir.resolve("journal") + ", minFreeBytes: 0}\n"
                + "log: {path: " + dir.resolve("log/audit.log") + ", rotateInterval: 1s}\n"
                + "policy: {file: " + policy + "}\n"
                + "ship: {destination: 'file:" + dir.resolve("archive") + "', scanInterval: 1s}\n"
                + "metrics: {port: " + metricsPort + "}\n"
                + "integrity: {checkpointInterval: 1s}\n"
                + "forward:\n- name: nowhere\n  webhook: {kubeconfig: " + kubeconfig + "}\n");
    }

    /**
     * Batches taken (200), one without the token (401), one over maxEventsPerBatch (413); then a
     * segment shipped, and the forward destination failed to connect with the event in its backlog.
     */
    private static void drive(InstalledAgent agent, int ingestPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(post(http, ingestPort, eventList(1), TOKEN)).isEqualTo(200);
        assertThat(post(http, ingestPort, eventList(1), null)).isEqualTo(401);
        assertThat(post(http, ingestPort, eventList(3), TOKEN)).isEqualTo(413);
        awaitUntil(Duration.ofSeconds(60), () -> shipped(agent) >= 1, "a segment rotated and shipped");
        awaitUntil(Duration.ofSeconds(60), () -> scraped(agent, "audit_agent_forward_failures_total",
                "reason=\"connect\"") >= 1, "a forward failure to connect counted");
        String text = agent.scrape();
        assertThat(Scrape.value(text, "audit_agent_auth_failures_total", "reason=\"token_missing\"")).isEqualTo(1);
        assertThat(Scrape.value(text, "audit_agent_limit_hits_total", "limit=\"events_per_batch\"")).isEqualTo(1);
        assertThat(Scrape.value(text, "audit_agent_integrity_checkpoints_total", "node=\"cp-it\"")).isPositive();
        assertThat(Scrape.value(text, "audit_agent_last_ship_success_timestamp_seconds", "node=\"cp-it\"")).isPositive();
        assertThat(Scrape.value(text, "audit_agent_forward_backlog_events", "destination=\"nowhere\"")).isEqualTo(1);
        assertThat(Scrape.value(text, "audit_agent_forward_sent_events_total", "destination=\"nowhere\"")).isZero();
    }

    private static double shipped(InstalledAgent agent) {
        return scraped(agent, "audit_agent_segments_shipped_total", "node=\"cp-it\"");
    }

    /** The value of {@code metric} with {@code labelPart} in a new scrape; 0 while it is not exported. */
    private static double scraped(InstalledAgent agent, String metric, String labelPart) {
        try {
            double n = Scrape.value(agent.scrape(), metric, labelPart);
            return Double.isNaN(n) ? 0 : n;
        } catch (IOException e) {
            throw new AssertionError("scrape failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static int post(HttpClient http, int port, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** An EventList of {@code n} events as kube-apiserver sends them, each with a new auditID. */
    private static String eventList(int n) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add("{\"level\":\"Metadata\",\"auditID\":\"" + UUID.randomUUID() + "\",\"stage\":\"ResponseComplete\","
                    + "\"requestURI\":\"/api/v1/namespaces/default/configmaps\",\"verb\":\"list\","
                    + "\"user\":{\"username\":\"admin\",\"groups\":[\"system:authenticated\"]},\"sourceIPs\":[\"127.0.0.1\"],"
                    + "\"objectRef\":{\"resource\":\"configmaps\",\"namespace\":\"default\",\"apiVersion\":\"v1\"},"
                    + "\"responseStatus\":{\"metadata\":{},\"code\":200},"
                    + "\"requestReceivedTimestamp\":\"2026-11-27T03:57:51.127288Z\",\"stageTimestamp\":\"2026-11-27T03:57:51.128687Z\"}");
        }
        return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[" + String.join(",", items) + "]}";
    }
}
