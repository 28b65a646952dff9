package dev.kubeaudit.dist;

import static dev.kubeaudit.dist.ContainerFixtures.ARCHIVE;
import static dev.kubeaudit.dist.ContainerFixtures.AUDIT_LOG;
import static dev.kubeaudit.dist.ContainerFixtures.CONFIG;
import static dev.kubeaudit.dist.ContainerFixtures.POLICY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeaudit.agent.testing.AuditIds;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package under a real systemd: the .deb installed with dpkg in a clean Debian 12 root
 * file system booted with systemd-nspawn, audit-agent.service started, crashed, frozen and asked about
 * as an operator would, with events posted from the host over loopback. One boot for every step, in
 * order. Needs root, systemd-nspawn and a root file system in KUBEAUDIT_NSPAWN_ROOTFS (.ci/run
 * provides them); skipped elsewhere, failing under KUBEAUDIT_REQUIRE_TOOLS. The unit runs as shipped
 * but for one drop-in: WatchdogSec=5s instead of 30s (the first step checks the shipped value).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemdPackageIT {
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s*(at [\\w$.]+\\(|Caused by: |\\.\\.\\. \\d+ more)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern PENDING = Pattern.compile("(?i)pending\\D{0,40}[1-9]");
    private static final Pattern SYSLOG_PREFIX = Pattern.compile("(?m)^<[0-7]>");
    private static final int EVENTS_PER_BATCH = 20;
    /** Data of the check-config cases: writable by the service user, not the running agent's. */
    private static final String CHECK_DATA = "/var/lib/kube-audit-agent/check";

    @TempDir
    static Path dir;

    private NspawnContainer container;
    private AgentUnit unit;
    private Map<String, String> shippedUnit;
    private String shippedUnitFile;
    private RealBatches batches;
    private int port;
    private int metricsPort;
    private int checkPort;
    private final Set<String> acknowledged = new HashSet<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private long startedAt;
    private boolean fixturesWritten;
    private String unmet;

    @BeforeAll
    void bootTheContainerWithThePackageInstalled() throws Exception {
        unmet = NspawnContainer.unmetRequirements();
        if (unmet != null) {
            return;
        }
        Path rootfs = NspawnContainer.rootfs();
        startedAt = System.nanoTime();
        Path deb = Path.of(System.getProperty("kubeaudit.deb", Tools.deb().toString()));
        assertThat(deb).as("the .deb built by the dist module").isRegularFile();
        container = NspawnContainer.of(rootfs, dir.resolve("container"));
        log("root file system laid out (" + container.layout() + ")");
        container.install(deb);
        log("package installed");
        container.boot();
        log("container booted");
        unit = new AgentUnit(container);
        shippedUnit = unit.show("Type", "NotifyAccess", "Restart", "RestartUSec", "ExecStartPre", "User",
                "UnitFileState");
        shippedUnitFile = unit.systemctl("cat", AgentUnit.NAME).output();
        container.write(ContainerFixtures.DROP_IN, ContainerFixtures.DROP_IN_TEXT);
        check(unit.systemctl("daemon-reload"), "systemctl daemon-reload");
        batches = RealBatches.load();
        port = ContainerFixtures.freeLoopbackPort();
        metricsPort = ContainerFixtures.freeLoopbackPort();
        checkPort = ContainerFixtures.freeLoopbackPort();
    }

    /** Skips each step, saying what is missing, where the container cannot boot (reported per step). */
    @BeforeEach
    void skipWithoutWhatTheContainerNeeds() {
        assumeTrue(unmet == null, unmet);
    }

    @AfterAll
    void powerOffAndUnmount() throws Exception {
        if (container != null) {
            container.close();
            log("container powered off and unmounted");
        }
    }

    @Test
    @Order(1)
    void unitIsInstalledAsShippedAndNothingIsStarted() throws Exception {
        assertThat(shippedUnit).as("audit-agent.service as the package installs it")
                .containsEntry("Type", "notify").containsEntry("NotifyAccess", "main")
                .containsEntry("Restart", "on-failure").containsEntry("RestartUSec", "5s")
                .containsEntry("User", "kube-audit").containsEntry("UnitFileState", "disabled");
        assertThat(shippedUnit.get("ExecStartPre")).contains("audit-agent check-config --config " + CONFIG);
        assertThat(shippedUnitFile).as("systemctl cat before the test's drop-in").contains("\nWatchdogSec=30s\n")
                .doesNotContain(".service.d/");
        assertThat(unit.systemctl("cat", AgentUnit.NAME).output()).as("the test's drop-in is in force")
                .contains(ContainerFixtures.DROP_IN, "WatchdogSec=" + ContainerFixtures.WATCHDOG.toSeconds() + "s");
        assertThat(unit.property("ActiveState")).as("nothing started on install").isEqualTo("inactive");
    }

    /** check-config loads the TLS files, so the unit stops in ExecStartPre instead of crash-looping. */
    @Test
    @Order(2)
    void productionSampleWithoutItsTlsFilesStopsInExecStartPreNamingTheFile() throws Exception {
        try {
            Tools.Result start = unit.systemctl("start", AgentUnit.NAME);
            Map<String, String> after = unit.show("ExecStartPre", "ExecMainStartTimestampMonotonic", "Result");
            String messages = unit.messages();
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(start.status()).as("systemctl start with the packaged agent.yaml and no TLS files")
                    .isNotZero();
            soft.assertThat(after.get("ExecStartPre")).as("ExecStartPre (check-config) exits 2")
                    .contains("code=exited ; status=2 }");
            soft.assertThat(after.get("ExecMainStartTimestampMonotonic")).as("ExecStart= never ran").isEqualTo("0");
            soft.assertThat(messages).as("the unit's journal names the missing file")
                    .contains("/etc/kube-audit-agent/tls/server.crt");
            soft.assertThat(STACK_FRAME.matcher(messages).find()).as("a Java stack trace in the unit's journal:\n"
                    + messages).isFalse();
            soft.assertAll();
        } finally {
            unit.systemctl("stop", AgentUnit.NAME);
            unit.systemctl("reset-failed", AgentUnit.NAME);
        }
    }

    @Test
    @Order(3)
    void loopbackConfigurationIsActiveRunningOnlyAfterReady() throws Exception {
        check(container.exec("rm", "-rf", "/var/lib/kube-audit-agent", "/var/log/kube-audit-agent"),
                "removal of what an earlier start left");
        container.write(CONFIG, ContainerFixtures.loopbackConfig(port, metricsPort));
        container.write(POLICY, ContainerFixtures.POLICY_KEEP_ALL);
        check(unit.systemctl("enable", "--now", "--no-block", AgentUnit.NAME), "systemctl enable --now");
        List<String> seen = new ArrayList<>();
        boolean[] violated = {false};
        boolean up = Await.holdsWithin(START_TIMEOUT, AgentUnit.POLL, () -> {
            Map<String, String> s = unit.show("ActiveState", "SubState");
            boolean ready = readyz() == 200;
            String state = s.get("ActiveState") + "/" + s.get("SubState") + (ready ? " ready" : " not ready");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            violated[0] |= s.get("ActiveState").equals("active") && !ready;
            return s.get("ActiveState").equals("active") && ready || s.get("ActiveState").equals("failed");
        });
        assertThat(up && unit.activeRunning()).as("active (running) and /readyz 200 within " + START_TIMEOUT
                + "; states seen: " + seen + "\n" + unit.journal()).isTrue();
        assertThat(violated[0]).as("active before /readyz answered 200 (READY=1 too early); states seen: " + seen)
                .isFalse();
        assertThat(seen).as("states seen").anyMatch(state -> state.startsWith("activating/"));
        Map<String, String> s = unit.show("StatusText", "MainPID", "UnitFileState", "WatchdogUSec");
        assertThat(s.get("WatchdogUSec")).as("the test's watchdog").isEqualTo(ContainerFixtures.WATCHDOG.toSeconds() + "s");
        assertThat(s.get("StatusText")).as("STATUS= from the agent").startsWith("Listening; journal backlog");
        assertThat(Long.parseLong(s.get("MainPID"))).isPositive();
        assertThat(s.get("UnitFileState")).isEqualTo("enabled");
    }

    @Test
    @Order(4)
    void eventsPostedOverLoopbackArriveInAuditLogOnce() throws Exception {
        requireRunning();
        Webhook webhook = new Webhook(port);
        for (int i = 0; i < 50; i++) {
            RealBatches.Batch batch = batches.next(EVENTS_PER_BATCH);
            assertThat(ResendingLoad.postUntilAcknowledged(webhook, batch, Duration.ofSeconds(30)))
                    .as("a healthy agent answers every batch 200 at once").isEmpty();
            acknowledged.addAll(batch.auditIds());
        }
        awaitEachAcknowledgedEventOnce("posting " + acknowledged.size() + " events");
    }

    @Test
    @Order(5)
    void sigkilledAgentIsRestartedWithNothingAcknowledgedLost() throws Exception {
        signalUnderLoadAndAwaitRestart("KILL", START_TIMEOUT, "status=9/KILL", "a SIGKILL and the restart");
    }

    @Test
    @Order(6)
    void frozenAgentIsKilledByTheWatchdogAndRestartedWithNothingAcknowledgedLost() throws Exception {
        signalUnderLoadAndAwaitRestart("STOP", START_TIMEOUT.plus(ContainerFixtures.WATCHDOG), "Watchdog timeout",
                "a watchdog kill and the restart");
    }

    /**
     * Sends {@code signal} to the main process under a load that re-sends every batch until it is
     * acknowledged; then the unit must be restarted within {@code restartTimeout}, its journal must
     * name {@code unitMessage}, batches must have been re-sent meanwhile, and every acknowledged
     * event must be in audit.log exactly once.
     */
    private void signalUnderLoadAndAwaitRestart(String signal, Duration restartTimeout, String unitMessage, String what)
            throws Exception {
        requireRunning();
        long restarts = unit.restarts();
        String signalledPid = unit.property("MainPID");
        try (ResendingLoad load = new ResendingLoad(batches, EVENTS_PER_BATCH, port, 2, Duration.ofSeconds(90))) {
            awaitBatches(load, 10, "before SIG" + signal);
            check(unit.systemctl("kill", "--kill-whom=main", "-s", signal, AgentUnit.NAME), "systemctl kill -s " + signal);
            unit.awaitActiveRunning(restarts + 1, restartTimeout, "SIG" + signal + " of the main process " + signalledPid);
            awaitBatches(load, load.acknowledgedBatches() + 10, "after the restart");
            load.close();
            acknowledged.addAll(load.acknowledged());
            assertThat(load.resends()).as("batches re-sent while the agent was stopped or down").isPositive();
        }
        assertThat(unit.property("MainPID")).isNotEqualTo(signalledPid);
        assertThat(unit.messages()).contains(unitMessage);
        awaitEachAcknowledgedEventOnce(what);
    }

    // check-config's TLS, directory and store checks as the service user, journald priorities, status.

    /** check-config loads the TLS files and matches the key to the certificate. */
    @Test
    @Order(7)
    void checkConfigAsTheServiceUserRefusesAKeyThatDoesNotMatchItsCertificate() throws Exception {
        String dir = ContainerFixtures.FIXTURES;
        Tools.Result matching = checkConfig("tls-ok.yaml", ContainerFixtures.checkConfig(CHECK_DATA,
                ContainerFixtures.tls(dir + "/server.crt", dir + "/server.key"), checkShip(), checkPort, checkPort + 1));
        assertThat(matching.status()).as("the certificate with its own key:\n" + matching.output()).isZero();
        Tools.Result mismatched = checkConfig("tls-mismatched.yaml", ContainerFixtures.checkConfig(CHECK_DATA,
                ContainerFixtures.tls(dir + "/server.crt", dir + "/other.key"), checkShip(), checkPort, checkPort + 1));
        assertRefused(mismatched, dir + "/other.key");
        assertThat(mismatched.output()).containsIgnoringCase("match");
    }

    /** check-config checks each certificate's validity period. */
    @Test
    @Order(8)
    void checkConfigAsTheServiceUserRefusesAnExpiredCertificate() throws Exception {
        String dir = ContainerFixtures.FIXTURES;
        Tools.Result expired = checkConfig("tls-expired.yaml", ContainerFixtures.checkConfig(CHECK_DATA,
                ContainerFixtures.tls(dir + "/expired.crt", dir + "/expired.key"), checkShip(), checkPort, checkPort + 1));
        assertRefused(expired, dir + "/expired.crt");
        assertThat(expired.output()).containsIgnoringCase("expired");
    }

    /** check-config checks that each directory can be written by the user it runs as. */
    @Test
    @Order(9)
    void checkConfigAsTheServiceUserRefusesADirectoryItCannotWrite() throws Exception {
        String readOnly = "/var/lib/kube-audit-it-read-only";
        check(container.exec("install", "-d", "-m", "0755", "-o", "root", "-g", "root", readOnly), "mkdir " + readOnly);
        Tools.Result unwritable = checkConfig("unwritable.yaml",
                ContainerFixtures.checkConfig(readOnly, "", checkShip(), checkPort, checkPort + 1));
        assertRefused(unwritable, readOnly + "/");
    }

    /** check-config --probe reaches the store; without --probe the store is not asked. */
    @Test
    @Order(10)
    void checkConfigWithProbeRefusesAStoreItCannotReach() throws Exception {
        int closed = ContainerFixtures.freeLoopbackPort();
        String ship = "destination: \"s3://systemd-it-bucket/archive\"\nendpoint: \"http://127.0.0.1:" + closed
                + "\"\npathStyle: true\n";
        String config = ContainerFixtures.checkConfig(CHECK_DATA, "", ship, checkPort, checkPort + 1);
        Tools.Result offline = checkConfig("unreachable-store.yaml", config);
        assertThat(offline.status()).as("without --probe the store is not asked:\n" + offline.output()).isZero();
        Tools.Result probed = checkConfig("unreachable-store.yaml", config, "--probe");
        assertRefused(probed, "127.0.0.1:" + closed);
    }

    /**
     * The logging backend writes syslog priority prefixes when stderr is journald
     * (JOURNAL_STREAM): a refused policy change is an ERROR, so {@code journalctl -p err} shows it.
     */
    @Test
    @Order(11)
    void journaldGetsTheAgentsErrorsAtErrAndItsInfoLinesAtInfo() throws Exception {
        requireRunning();
        int before = JournalLine.naming(JournalLine.of(container, AgentUnit.NAME, "audit-agent"), POLICY).size();
        container.write(POLICY, ContainerFixtures.POLICY_BROKEN);
        try {
            check(unit.systemctl("reload", AgentUnit.NAME), "systemctl reload");
            List<JournalLine> lines = new ArrayList<>();
            boolean refused = Await.holdsWithin(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
                lines.clear();
                lines.addAll(AgentUnit.uncheck(() -> JournalLine.of(container, AgentUnit.NAME, "audit-agent")));
                return JournalLine.naming(lines, POLICY).size() > before;
            });
            List<JournalLine> naming = JournalLine.naming(lines, POLICY);
            assertThat(refused).as("the agent logs the refused change of " + POLICY + " within 30 s: " + naming).isTrue();
            assertThat(naming.subList(before, naming.size())).as("the refusal is logged at priority err (3)")
                    .anyMatch(line -> line.priority() == 3);
            String errors = container.exec("journalctl", "-u", AgentUnit.NAME, "-b", "-t", "audit-agent", "-p", "err",
                    "-o", "cat", "--no-pager").output();
            assertThat(errors).as("journalctl -p err").contains(POLICY);
            assertThat(JournalLine.naming(lines, AUDIT_LOG)).as("the agent's lines naming audit.log (start-up: info)")
                    .anyMatch(line -> line.priority() == 6).noneMatch(line -> line.priority() <= 3);
            assertThat(lines).as("a priority prefix left in a message").noneMatch(
                    line -> SYSLOG_PREFIX.matcher(line.message()).find());
        } finally {
            container.write(POLICY, ContainerFixtures.POLICY_KEEP_ALL);
            unit.systemctl("reload", AgentUnit.NAME);
        }
    }

    /** {@code audit-agent status}: exit 0 while healthy, 1 with pending segments while the store is down. */
    @Test
    @Order(12)
    void statusOfTheRunningAgentIsHealthyThenShowsPendingSegmentsWithTheStoreDown() throws Exception {
        requireRunning();
        Tools.Result[] status = {null};
        Await.holdsWithin(Duration.ofSeconds(60), Duration.ofSeconds(1), () -> {
            status[0] = AgentUnit.uncheck(this::status);
            return status[0].status() != 1;  // 1 (unhealthy) may pass; 2 is a usage error
        });
        assertThat(status[0].status()).as("status of a healthy agent:\n" + status[0].output()).isZero();
        assertThat(STACK_FRAME.matcher(status[0].output()).find()).as(status[0].output()).isFalse();
        check(container.exec("chmod", "-R", "a-w", ARCHIVE), "chmod -R a-w " + ARCHIVE);
        try {
            RealBatches.Batch batch = batches.next(EVENTS_PER_BATCH);
            assertThat(ResendingLoad.postUntilAcknowledged(new Webhook(port), batch, Duration.ofSeconds(30))).isEmpty();
            acknowledged.addAll(batch.auditIds());
            Await.holdsWithin(Duration.ofSeconds(90), Duration.ofSeconds(1), () -> {
                status[0] = AgentUnit.uncheck(this::status);
                return status[0].status() != 0 && PENDING.matcher(status[0].output()).find();
            });
            assertThat(status[0].status()).as("status with " + ARCHIVE + " unwritable and a segment rotated:\n"
                    + status[0].output()).isEqualTo(1);
            assertThat(status[0].output()).as("pending segments shown").containsPattern(PENDING);
        } finally {
            check(container.exec("chmod", "-R", "u+w", ARCHIVE), "chmod -R u+w " + ARCHIVE);
        }
        awaitEachAcknowledgedEventOnce("the store went down and came back");
    }

    private Tools.Result status() throws IOException, InterruptedException {
        return container.exec("/opt/kube-audit-agent/bin/audit-agent", "status", "--config", CONFIG);
    }

    private void requireRunning() {
        assertThat(unit.activeRunning()).as("the agent is active (running) from the steps before: " + unit.state()
                + "\n" + unit.journal()).isTrue();
    }

    private void awaitBatches(ResendingLoad load, int batchCount, String when) {
        if (!Await.holdsWithin(Duration.ofSeconds(60), AgentUnit.POLL, () -> load.acknowledgedBatches() >= batchCount)) {
            throw new AssertionError(load.acknowledgedBatches() + " batches acknowledged " + when + ", not "
                    + batchCount + " within 60 s: " + unit.state() + "\n" + unit.journal());
        }
    }

    /** Every acknowledged event in audit.log and its backups exactly once (read from the host). */
    private void awaitEachAcknowledgedEventOnce(String after) {
        Path log = container.path(AUDIT_LOG);
        Object[] last = {"nothing read"};
        boolean once = Await.holdsWithin(Duration.ofSeconds(60), Duration.ofMillis(250), () -> {
            try {
                Map<Integer, Long> copies = AuditIds.copies(acknowledged, AuditIds.inLog(log));
                last[0] = copies;
                return copies.equals(Map.of(1, (long) acknowledged.size()));
            } catch (IOException | AssertionError e) {
                last[0] = e.toString(); // a file rotated or written under the reader: read again
                return false;
            }
        });
        assertThat(once).as("after " + after + ", each of the " + acknowledged.size() + " acknowledged events"
                + " exactly once in " + AUDIT_LOG + " and its backups; copies → events: " + last[0] + "\n"
                + unit.journal()).isTrue();
    }

    private int readyz() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Writes {@code text} as {@code name} among the fixtures and runs check-config on it (and
     * {@code options}) inside the container as the service user, as ExecStartPre does.
     */
    private Tools.Result checkConfig(String name, String text, String... options) throws Exception {
        writeCheckFixtures();
        String file = ContainerFixtures.FIXTURES + "/" + name;
        container.write(file, text);
        List<String> command = new ArrayList<>(List.of("runuser", "-u", "kube-audit", "--", "env",
                "AWS_ACCESS_KEY_ID=systemd-it", "AWS_SECRET_ACCESS_KEY=systemd-it", "AWS_EC2_METADATA_DISABLED=true",
                "/opt/kube-audit-agent/bin/audit-agent", "check-config"));
        command.addAll(List.of(options));
        command.addAll(List.of("--config", file));
        return container.exec(Duration.ofMinutes(2), command);
    }

    private void writeCheckFixtures() throws Exception {
        if (!fixturesWritten) {
            ContainerFixtures.writeCertificates(container);
            check(container.exec("sh", "-c", "chgrp -R kube-audit " + ContainerFixtures.FIXTURES + " && chmod 0640 "
                    + ContainerFixtures.FIXTURES + "/*.key"), "chgrp of the fixtures");
            fixturesWritten = true;
        }
    }

    private static String checkShip() {
        return "destination: \"file:" + CHECK_DATA + "/archive\"\n";
    }

    /** Exit 2, the problem named with {@code named}, one line per problem: no stack trace, no syslog prefix. */
    private static void assertRefused(Tools.Result result, String named) {
        assertThat(result.status()).as("check-config exit status:\n" + result.output()).isEqualTo(2);
        assertThat(result.output()).as("check-config names the problem").contains(named);
        assertThat(STACK_FRAME.matcher(result.output()).find()).as("a stack trace:\n" + result.output()).isFalse();
        assertThat(SYSLOG_PREFIX.matcher(result.output()).find())
                .as("a priority prefix outside journald:\n" + result.output()).isFalse();
    }

    private static void check(Tools.Result result, String what) {
        assertThat(result.status()).as(what + ":\n" + result.output()).isZero();
    }

    private void log(String what) {
        System.out.printf("SystemdPackageIT: %s at %.1f s%n", what, (System.nanoTime() - startedAt) / 1e9);
    }
}
