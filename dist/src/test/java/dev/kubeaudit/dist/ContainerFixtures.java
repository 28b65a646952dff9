package dev.kubeaudit.dist;

import dev.kubeaudit.agent.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What {@link SystemdPackageIT} writes into the container: the loopback configuration, its policy,
 * the unit drop-in of the test, the configurations of the check-config cases and their certificates.
 */
final class ContainerFixtures {
    static final String CONFIG = "/etc/kube-audit-agent/agent.yaml";
    static final String FIXTURES = "/etc/kube-audit-agent/it";
    static final String POLICY = FIXTURES + "/policy.yaml";
    static final String AUDIT_LOG = "/var/log/kube-audit-agent/audit.log";
    static final String ARCHIVE = "/var/lib/kube-audit-agent/archive";
    static final String DROP_IN = "/etc/systemd/system/audit-agent.service.d/systemd-it.conf";
    /** The test's watchdog; the unit ships WatchdogSec=30s. */
    static final Duration WATCHDOG = Duration.ofSeconds(5);

    /** A policy that keeps every event as received. */
    static final String POLICY_KEEP_ALL = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            rules:
            - level: RequestResponse
            """;

    /** A policy change the agent must refuse, keeping the policy in force (an ERROR in its log). */
    static final String POLICY_BROKEN = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            rules: [ {level: Everything
            """;

    static final String DROP_IN_TEXT = """
            # Test only: the watchdog bites within seconds instead of after the 30 s the unit ships with.
            [Service]
            WatchdogSec=%ds
            # Nothing leaves loopback: the AWS SDK never asks an instance metadata service for credentials.
            Environment=AWS_EC2_METADATA_DISABLED=true
            """.formatted(WATCHDOG.toSeconds());

    private ContainerFixtures() {
    }

    /**
     * Plain HTTP on 127.0.0.1, segments rotated every 3 s (none deleted) and shipped to a folder inside
     * the container, integrity on, the keep-all policy.
     */
    static String loopbackConfig(int port, int metricsPort) {
        return """
                # The package under systemd: plain HTTP on loopback, a file: store inside the container.
                cluster: systemd-it
                node: container
                listen:
                  address: 127.0.0.1
                  port: %d
                journal:
                  dir: /var/lib/kube-audit-agent/journal
                  minFreeBytes: 0
                log:
                  path: %s
                  maxAge: 0
                  maxBackup: 0
                  compress: false
                  rotateInterval: 3s
                policy:
                  file: %s
                ship:
                  destination: "file:%s"
                  scanInterval: 1s
                  retry: {minBackoff: 1s, maxBackoff: 2s}
                metrics:
                  address: 127.0.0.1
                  port: %d
                integrity:
                  enabled: true
                  checkpointInterval: 5s
                """.formatted(port, AUDIT_LOG, POLICY, ARCHIVE, metricsPort);
    }

    /**
     * A configuration for a check-config case: data under {@code dataDir}, {@code listenTls} (YAML of
     * listen.tls, or empty) and {@code ship} (YAML of the ship section's keys) spliced in.
     */
    static String checkConfig(String dataDir, String listenTls, String ship, int port, int metricsPort) {
        return """
                cluster: systemd-it
                node: check
                listen:
                  address: 127.0.0.1
                  port: %d
                %s
                journal:
                  dir: %s/journal
                  minFreeBytes: 0
                log:
                  path: %s/log/audit.log
                ship:
                %s
                metrics:
                  address: 127.0.0.1
                  port: %d
                """.formatted(port, listenTls.isEmpty() ? "" : "  tls:\n" + indent(listenTls, 4), dataDir, dataDir,
                indent(ship, 2), metricsPort);
    }

    static String tls(String cert, String key) {
        return "certFile: " + cert + "\nkeyFile: " + key + "\n";
    }

    /** Writes a CA's server certificate and key, another key, and an expired certificate with its key. */
    static void writeCertificates(NspawnContainer container) throws IOException {
        TestPki.Issued ca = TestPki.ca("systemd-it-ca");
        TestPki.Issued server = TestPki.server(ca, "kube-audit-agent", false);
        TestPki.Issued other = TestPki.server(ca, "kube-audit-agent", false);
        Instant now = Instant.now();
        TestPki.Issued expired = TestPki.client(ca, "kube-audit-agent", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
        container.write(FIXTURES + "/server.crt", TestPki.pem(server.certificate()));
        container.write(FIXTURES + "/server.key", TestPki.pem(server.keys().getPrivate()));
        container.write(FIXTURES + "/other.key", TestPki.pem(other.keys().getPrivate()));
        container.write(FIXTURES + "/expired.crt", TestPki.pem(expired.certificate()));
        container.write(FIXTURES + "/expired.key", TestPki.pem(expired.keys().getPrivate()));
    }

    /** A free TCP port on 127.0.0.1 below the ephemeral range, so that nothing else picks it meanwhile. */
    static int freeLoopbackPort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port on 127.0.0.1 between 20000 and 29999 after 200 attempts");
    }

    private static String indent(String yaml, int spaces) {
        return yaml.strip().indent(spaces).stripTrailing();
    }
}
