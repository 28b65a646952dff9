package dev.kubeaudit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator runs against the installed tree: systemd-analyze on the units as install.sh
 * lays them out, promtool on a real scrape of the installed agent, and the agent's policy checker
 * on the kube-apiserver policies. The alert rules: {@link AlertRulesIT}.
 */
class OperationsIT {
    private static final List<String> UNITS = List.of("audit-agent.service", "audit-shipper.service");
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for (\\S+): ([0-9.]+)");

    @TempDir
    Path dir;

    @Test
    void unitsAsInstalledPassSystemdAnalyzeVerify() throws Exception {
        Tools.require("systemd-analyze");
        Path units = installedUnits();
        for (String unit : UNITS) {
            Tools.Result verify = Tools.run(List.of("systemd-analyze", "verify", units.resolve(unit).toString()),
                    Map.of("SYSTEMD_LOG_COLOR", "0"), null);
            assertThat(verify.status()).as(unit + ":\n" + verify.output()).isZero();
            assertThat(verify.output()).as(unit).doesNotContain(units.toString());
        }
    }

    @Test
    void unitsRateTwoOrLowerInSystemdAnalyzeSecurity() throws Exception {
        Tools.require("systemd-analyze");
        Path units = installedUnits();
        for (String unit : UNITS) {
            Tools.Result security = Tools.run(List.of("systemd-analyze", "security", "--offline=yes", "--no-pager",
                    units.resolve(unit).toString()), Map.of("SYSTEMD_LOG_COLOR", "0"), null);
            Matcher m = EXPOSURE.matcher(security.output());
            assertThat(m.find()).as(security.output()).isTrue();
            assertThat(Double.parseDouble(m.group(2))).as(unit + " exposure").isLessThanOrEqualTo(2.0);
        }
        String agent = Files.readString(units.resolve("audit-agent.service"));
        assertThat(agent).contains("CapabilityBoundingSet=\n").doesNotContain("MemoryDenyWriteExecute=");
        String shipper = Files.readString(units.resolve("audit-shipper.service"));
        assertThat(shipper).contains("CapabilityBoundingSet=CAP_DAC_READ_SEARCH\n",
                "AmbientCapabilities=CAP_DAC_READ_SEARCH\n");
    }

    @Test
    void installedAgentsMetricsPassPromtoolCheckMetrics() throws Exception {
        Tools.require("promtool");
        Path root = dir.resolve("root");
        assertThat(Tools.install(root).status()).isZero();
        int metricsPort = freePort();
        Path config = Files.writeString(dir.resolve("agent.yaml"), "listen: {port: 0}\n"
                + "journal: {dir: " + dir.resolve("journal") + ", minFreeBytes: 0}\n"
                + "log: {path: " + dir.resolve("log/audit.log") + "}\n"
                + "ship: {destination: 'file:" + dir.resolve("archive") + "'}\n"
                + "metrics: {port: " + metricsPort + "}\n");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("opt/kube-audit-agent/bin/audit-agent").toString(),
                "run", "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.out").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        Process agent = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitReady(http, metricsPort, agent);
            Path scrape = dir.resolve("metrics.txt");
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofFile(scrape));
            assertThat(Files.readString(scrape)).contains("audit_agent_log_writer_stalled",
                    "audit_agent_journal_max_disk_bytes", "audit_agent_journal_min_free_bytes");
            Tools.Result lint = Tools.run(List.of("promtool", "check", "metrics"), Map.of(), scrape);
            assertThat(lint.status()).as(lint.output()).isZero();
            agent.destroy();
            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).as("SIGTERM through the launcher (exec java)").isEqualTo(143);
        } finally {
            agent.destroyForcibly();
        }
    }

    @Test
    void kubeApiserverPoliciesPassThePolicyCheck() throws Exception {
        Path jar = Tools.ROOT.resolve("agent/target/audit-agent.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (var files = Files.list(Tools.ROOT.resolve("config/kube-apiserver"))) {
            List<Path> policies = files.filter(p -> p.getFileName().toString().startsWith("audit-policy")).toList();
            assertThat(policies).hasSize(4);
            for (Path policy : policies) {
                Tools.Result check = Tools.run(java, "-jar", jar.toString(), "policy", "check", policy.toString(),
                        "--strict");
                assertThat(check.status()).as(check.output()).isZero();
            }
        }
    }

    /** install.sh into a DESTDIR, then the units with their paths pointing into that tree. */
    private Path installedUnits() throws IOException, InterruptedException {
        Path root = dir.resolve("root");
        Tools.Result install = Tools.install(root);
        assertThat(install.status()).as(install.output()).isZero();
        Path units = Files.createDirectories(dir.resolve("units"));
        for (String unit : UNITS) {
            String text = Files.readString(root.resolve("etc/systemd/system").resolve(unit))
                    .replace("/opt/kube-audit-agent", root + "/opt/kube-audit-agent")
                    .replace("/etc/kube-audit-agent", root + "/etc/kube-audit-agent");
            Files.writeString(units.resolve(unit), text);
        }
        return units;
    }

    private static void awaitReady(HttpClient http, int port, Process agent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(agent.isAlive()).as("agent running").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("agent not ready on " + port + " within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
