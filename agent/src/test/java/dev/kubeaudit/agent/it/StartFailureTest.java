package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.StandardStreams;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails says so in one line on standard error (what failed, the key and file, what to
 * do), with exit status 2 when the configuration cannot be used and 1 otherwise; never a stack trace
 * unless --debug asks for it. In-process: Main.execute with standard error captured.
 */
class StartFailureTest {
    private static final String PREFIX = "audit-agent: cannot start: ";

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void aMissingCertificateIsNamedWithItsKeyAndWhatToDo() throws Exception {
        Path cert = dir.resolve("tls/server.crt");
        Path config = config("listen:\n  port: 0\n  tls:\n    certFile: " + cert + "\n    keyFile: " + dir.resolve("tls/server.key"));
        assertThat(Main.execute("run", "--config", config.toString())).isEqualTo(2);
        assertThat(failureLine()).isEqualTo(PREFIX + "listen.tls.certFile " + cert
                + ": no such file (create it, or empty listen.tls to serve plain HTTP on loopback)");
        assertThat(streams.err()).doesNotContain("\tat ");
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Path cert = dir.resolve("server.crt");
        Path config = config("listen:\n  port: 0\n  tls:\n    certFile: " + cert + "\n    keyFile: " + dir.resolve("server.key"));
        assertThat(Main.execute("run", "--config", config.toString(), "--debug")).isEqualTo(2);
        assertThat(failureLine()).startsWith(PREFIX + "listen.tls.certFile " + cert + ": no such file");
        String err = streams.err();
        assertThat(err.substring(err.indexOf(PREFIX))).contains("\nCaused by: java.nio.file.NoSuchFileException: " + cert)
                .contains("\tat dev.kubeaudit.agent.Agent.start(");
    }

    @Test
    void aCertificateThatIsNotPemNamesTheFile() throws Exception {
        Path cert = Files.writeString(dir.resolve("server.crt"), "not a certificate\n");
        Path key = Files.writeString(dir.resolve("server.key"), "not a key\n");
        Path config = config("listen:\n  port: 0\n  tls:\n    certFile: " + cert + "\n    keyFile: " + key);
        assertThat(Main.execute("run", "--config", config.toString())).isEqualTo(2);
        assertThat(failureLine()).startsWith(PREFIX + "listen.tls: ").contains("'" + cert + "': no PEM CERTIFICATE block")
                .endsWith("(listen.tls.certFile: a PEM certificate chain, keyFile: its unencrypted PEM private key; or"
                        + " empty listen.tls to serve plain HTTP on loopback)");
    }

    @Test
    void aMissingTokenFileIsNamed() throws Exception {
        Path token = dir.resolve("token");
        assertThat(Main.execute("run", "--config", config("listen:\n  port: 0\n  bearerTokenFile: " + token).toString()))
                .isEqualTo(2);
        assertThat(failureLine()).isEqualTo(PREFIX + "listen.bearerTokenFile " + token
                + ": no such file (create it, or empty listen.bearerTokenFile)");
    }

    @Test
    void aPortInUseIsNotAConfigurationError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = config("listen:\n  port: " + taken.getLocalPort());
            assertThat(Main.execute("run", "--config", config.toString())).isEqualTo(1);
            assertThat(failureLine()).startsWith(PREFIX + "listen.port 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .endsWith("Address already in use (stop what listens there or choose another listen.port;"
                            + " listen.address must be an address of this host)");
        }
        assertThat(streams.err()).doesNotContain("\tat ");
    }

    @Test
    void aMetricsPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = config("listen:\n  port: 0\nmetrics:\n  port: " + taken.getLocalPort());
            assertThat(Main.execute("run", "--config", config.toString())).isEqualTo(1);
            assertThat(failureLine()).isEqualTo(PREFIX + "metrics.port 127.0.0.1:" + taken.getLocalPort()
                    + ": Bind of the metrics endpoint to 127.0.0.1:" + taken.getLocalPort() + " failed: Address already"
                    + " in use (stop what listens there or choose another metrics.port; metrics.address must be an"
                    + " address of this host)");
        }
    }

    @Test
    void aJournalDirectoryBehindAFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "");
        Path journal = file.resolve("journal");
        assertThat(Main.execute("run", "--config", config("listen:\n  port: 0", journal, dir.resolve("log/audit.log"))
                .toString())).isEqualTo(2);
        assertThat(failureLine()).isEqualTo(PREFIX + "journal.dir " + journal + ": " + file
                + ": not a directory (move that file out of the way, or correct journal.dir)");
    }

    @Test
    void aLogDirectoryThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "");
        Path log = file.resolve("audit.log");
        assertThat(Main.execute("run", "--config", config("listen:\n  port: 0", dir.resolve("journal"), log).toString()))
                .isEqualTo(2);
        assertThat(failureLine()).isEqualTo(PREFIX + "log.path " + log + ": " + file
                + ": not a directory (move that file out of the way, or correct log.path)");
    }

    @Test
    void aComponentsLevelTakesEffect() throws Exception {
        Path config = config("listen:\n  port: 0\n  bearerTokenFile: " + dir.resolve("token"));
        assertThat(Main.execute("run", "--config", config.toString())).isEqualTo(2);
        assertThat(streams.err()).contains(" INFO  agent: ship.destination is none");
        Path quiet = Files.writeString(dir.resolve("quiet.yaml"), Files.readString(config)
                + "logging:\n  level:\n    agent: warn\n");
        assertThat(Main.execute("run", "--config", quiet.toString())).isEqualTo(2);
        String second = streams.err().substring(streams.err().indexOf(PREFIX) + PREFIX.length());
        assertThat(second).contains(PREFIX + "listen.bearerTokenFile").doesNotContain("INFO  agent:");
    }

    @Test
    void jsonLinesStayJsonUpToTheFailure() throws Exception {
        Path config = config("listen:\n  port: 0\n  bearerTokenFile: " + dir.resolve("token"));
        assertThat(Main.execute("run", "--config", config.toString(), "--log-format", "json", "--debug")).isEqualTo(2);
        List<String> lines = streams.err().lines().toList();
        assertThat(lines).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            assertThat(json.readTree(line).isObject()).as(line).isTrue();
        }
        JsonNode failure = json.readTree(lines.get(lines.size() - 1));
        assertThat(failure.get("level").asText()).isEqualTo("ERROR");
        assertThat(failure.get("component").asText()).isEqualTo("cli");
        assertThat(failure.get("message").asText()).startsWith(PREFIX + "listen.bearerTokenFile ");
        assertThat(failure.get("exception").asText()).contains("java.nio.file.NoSuchFileException");
    }

    @Test
    void anUnknownComponentStopsTheStartWithItsLine() throws Exception {
        Path config = config("listen:\n  port: 0\nlogging:\n  level:\n    ingset: debug");
        assertThat(Main.execute("run", "--config", config.toString())).isEqualTo(2);
        assertThat(streams.err()).startsWith(config + ":5: logging.level.ingset: unknown name (expected: root,");
    }

    /** The one line saying why the start failed; fails unless there is exactly one. */
    private String failureLine() {
        return streams.onlyErrLine(PREFIX);
    }

    private Path config(String yaml) throws Exception {
        return config(yaml, dir.resolve("journal"), dir.resolve("log/audit.log"));
    }

    private Path config(String yaml, Path journal, Path log) throws Exception {
        return Files.writeString(dir.resolve("agent.yaml"), yaml + "\njournal:\n  dir: " + journal + "\nlog:\n  path: "
                + log + "\nship:\n  destination: none\n" + (yaml.contains("metrics:") ? "" : "metrics:\n  port: 0\n"));
    }
}
