package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.agent.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-config through the real command line, one check a test: what start-up would fail on is an
 * error line naming file, line, key and value, exit 2; a warning leaves exit 0. Real files and
 * certificates made here; the only addresses bound are loopback and unassigned ones, on port 0.
 */
class CheckConfigTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    private final TestPki.Issued ca = TestPki.ca("webhook-ca", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(900)));

    @Test
    void theProductionSampleWithoutItsTlsFilesFailsNamingEachMissingFileWithItsLine() throws IOException {
        Path sample = Path.of("..", "config", "agent.yaml");
        List<String> lines = Files.readAllLines(sample);
        assertThat(Main.execute("check-config", "--config", sample.toString())).isEqualTo(2);
        for (String key : List.of("certFile", "keyFile", "clientCAFile")) {
            int line = lineOf(lines, "    " + key + ":");
            assertThat(streams.err()).contains(sample + ":" + line + ": listen.tls." + key + ": /etc/kube-audit-agent/tls/")
                    .contains(": no such file (expected: a PEM file;");
        }
        assertThat(streams.out()).doesNotContain("ok");
    }

    @Test
    void aKeyThatIsNotTheCertificatesFails() throws IOException {
        TestPki.server(ca, "agent", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400)), "127.0.0.1")
                .write(dir.resolve("server.crt"), dir.resolve("server.key"));
        TestPki.Issued other = TestPki.server(ca, "other", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400)));
        Files.writeString(dir.resolve("server.key"), TestPki.pem(other.keys().getPrivate()));
        Path config = config(tls());
        assertThat(check(config)).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":4: listen.tls.keyFile: " + dir.resolve("server.key")
                + ": is not the private key of the certificate in '" + dir.resolve("server.crt") + "'");
    }

    @Test
    void anExpiredCertificateFails() throws IOException {
        Instant ended = NOW.minus(Duration.ofDays(3));
        TestPki.server(ca, "agent", NOW.minus(Duration.ofDays(100)), ended, "127.0.0.1")
                .write(dir.resolve("server.crt"), dir.resolve("server.key"));
        Path config = config(tls());
        assertThat(check(config)).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":3: listen.tls.certFile: " + dir.resolve("server.crt")
                + ": the certificate 'agent' expired on ");
    }

    @Test
    void aCertificateExpiringWithin30DaysIsAWarningAndTheExitStatusStays0() throws IOException {
        TestPki.server(ca, "agent", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9)), "127.0.0.1")
                .write(dir.resolve("server.crt"), dir.resolve("server.key"));
        Path config = config(tls());
        assertThat(check(config)).isZero();
        assertThat(streams.err()).contains(config + ":3: warning: listen.tls.certFile: " + dir.resolve("server.crt")
                + ": the certificate 'agent' expires on ").contains(", in 8 days (renew it before then");
        assertThat(streams.out()).contains(config + ": ok (1 warning)");
    }

    @Test
    void aMissingBearerTokenFileFails() throws IOException {
        Path token = dir.resolve("webhook.token");
        Path config = config("listen:\n  bearerTokenFile: " + token + "\n");
        assertThat(check(config)).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":2: listen.bearerTokenFile: " + token + ": no such file");
    }

    @Test
    void anAddressOfNoInterfaceHereFailsNamingItsKey() throws IOException {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): assigned to no host; only port 0 is bound, so nothing is sent.
        Path config = config("listen:\n  address: 192.0.2.1\n  allowInsecure: true\n");
        assertThat(check(config)).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":2: listen.address: 192.0.2.1: is not an address of this host")
                .doesNotContain("metrics.address");
    }

    @Test
    void theConfiguredPortsAreNeverBoundSoARunningAgentHoldingThemDoesNotFailTheCheck() throws IOException {
        try (ServerSocket webhook = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket metrics = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = config("listen:\n  port: " + webhook.getLocalPort() + "\nmetrics:\n  port: "
                    + metrics.getLocalPort() + "\n");
            assertThat(check(config)).isZero();
            assertThat(streams.err()).isEmpty();
        }
    }

    @Test
    void checkingMissingDirectoriesLeavesNothingBehind() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.yaml"), "journal:\n  dir: " + dir.resolve("state/journal")
                + "\nlog:\n  path: " + dir.resolve("logs/audit.log") + "\n  fileMode: 0640\n  group: adm\n"
                + "ship:\n  destination: none\n");
        assertThat(check(config)).isZero();
        try (Stream<Path> left = Files.walk(dir)) {
            assertThat(left.map(p -> dir.relativize(p).toString())).containsExactlyInAnyOrder("", "agent.yaml");
        }
    }

    @Test
    void aJournalDirUnderARegularFileCannotBeCreatedEvenByRoot() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path journal = file.resolve("journal");
        Path config = Files.writeString(dir.resolve("agent.yaml"), "journal:\n  dir: " + journal + "\nlog:\n  path: "
                + dir.resolve("log/audit.log") + "\nship:\n  destination: none\n");
        assertThat(check(config)).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":2: journal.dir: " + journal + ": cannot be created: '" + file
                + "' is a file, not a directory");
    }

    @Test
    void aStateDirectoryEveryUserMayWriteFailsAndAGroupReadableOneIsAWarning() throws IOException {
        Path journal = Files.createDirectory(dir.resolve("journal"));
        Path config = config("");
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(check(config)).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":2: journal.dir: " + journal
                + ": is writable by every user (rwxrwxrwx)");
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(check(config)).isZero();
        assertThat(streams.err()).contains(config + ":2: warning: journal.dir: " + journal
                + ": is open to its group or every user (rwxr-x---)");
    }

    @Test
    void aLogGroupThatDoesNotExistFailsAndAdmWith0640Passes() throws IOException {
        Path config = config("log:\n  path: " + dir.resolve("log/audit.log") + "\n  fileMode: 0640\n  group: no-such-group-here\n");
        assertThat(check(config)).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":4: log.group: no-such-group-here: no such group on this host");

        Files.writeString(config, Files.readString(config).replace("no-such-group-here", "adm"));
        assertThat(check(config)).isZero();
        assertThat(streams.out()).contains(config + ": ok");
    }

    @Test
    void group0600AndMode0640WithoutGroupAreWarnings() throws IOException {
        Path config = config("log:\n  path: " + dir.resolve("log/audit.log") + "\n  group: adm\n");
        assertThat(check(config)).isZero();
        assertThat(streams.err()).contains(config + ":3: warning: log.group: adm: the group cannot read the files with"
                + " log.fileMode 0600");
        Files.writeString(config, Files.readString(config).replace("group: adm", "fileMode: 0640"));
        assertThat(check(config)).isZero();
        assertThat(streams.err()).contains(config + ":3: warning: log.fileMode: 0640: without log.group");
    }

    @Test
    void aKeyLeftAtItsDefaultIsShownSoAndAKeySetByAFlagByTheFlag() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.yaml"), "journal:\n  dir: " + dir.resolve("journal") + "\n");
        assertThat(check(config)).isEqualTo(2);
        assertThat(streams.err()).contains(config + ": ship.destination (default): file:./data/archive: this build has"
                + " no shipper");

        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Files.writeString(config, "ship:\n  destination: none\njournal:\n  dir: " + dir.resolve("journal") + "\n");
        assertThat(Main.execute("check-config", "--config", config.toString(),
                "--audit-log-path=" + file.resolve("audit.log"))).isEqualTo(2);
        assertThat(streams.err()).contains("--audit-log-path: " + file + ": is not a directory");
    }

    private String tls() {
        return "listen:\n  tls:\n    certFile: " + dir.resolve("server.crt") + "\n    keyFile: " + dir.resolve("server.key")
                + "\n";
    }

    /** {@code yaml} (its first line is line 1), then journal, log and ship in the temp folder unless it has them. */
    private Path config(String yaml) throws IOException {
        String text = yaml
                + (yaml.contains("journal:") ? "" : "journal:\n  dir: " + dir.resolve("journal") + "\n")
                + (yaml.contains("log:") ? "" : "log:\n  path: " + dir.resolve("log/audit.log") + "\n")
                + (yaml.contains("ship:") ? "" : "ship:\n  destination: none\n");
        return Files.writeString(dir.resolve("agent.yaml"), text);
    }

    private int check(Path config) {
        return Main.execute("check-config", "--config", config.toString());
    }

    private static int lineOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starting with '" + start + "'");
    }
}
