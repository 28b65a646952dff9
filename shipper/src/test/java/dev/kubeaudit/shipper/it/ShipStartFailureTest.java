package dev.kubeaudit.shipper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.StandardStreams;
import dev.kubeaudit.shipper.testing.Configs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The standalone shipper's and the shipping agent's failed starts: one line each, exit 2 or 1, no stack trace. */
class ShipStartFailureTest {
    private static final String PREFIX = "audit-agent: cannot start: ";

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void aMissingSigningKeySaysHowToMakeOne() throws Exception {
        Path key = dir.resolve("signing.key");
        Path config = Configs.write(dir, "file:" + dir.resolve("archive"), null, "integrity.enabled: true",
                "integrity.signingKeyFile: '" + key + "'");
        assertThat(Main.execute("ship", "--config", config.toString())).isEqualTo(2);
        assertThat(failureLine()).isEqualTo(PREFIX + "integrity.signingKeyFile " + key + ": no such file (make one with"
                + " `audit-agent keygen --out " + key + "`, or empty integrity.signingKeyFile to sign with a key the agent"
                + " generates)");
        assertThat(streams.err()).doesNotContain("\tat ");
    }

    @Test
    void aSigningKeyThatIsNotOneIsNamed() throws Exception {
        Path key = Files.writeString(dir.resolve("signing.key"), "not a key\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path config = Configs.write(dir, "file:" + dir.resolve("archive"), null, "integrity.enabled: true",
                "integrity.signingKeyFile: '" + key + "'");
        assertThat(Main.execute("run", "--config", config.toString())).isEqualTo(2);
        assertThat(failureLine()).startsWith(PREFIX + "integrity.signingKeyFile: '" + key + "' is not a usable signing key: ")
                .endsWith(" (give a key made by `audit-agent keygen`, readable by its owner only, or empty"
                        + " integrity.signingKeyFile)");
        assertThat(streams.err()).doesNotContain("\tat ");
    }

    @Test
    void theShippersMetricsPortInUseIsNamedAndDebugAddsTheTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Configs.write(dir, "file:" + dir.resolve("archive"), null);
            Files.writeString(config, Files.readString(config).replace("metrics: {address: 127.0.0.1, port: 0}",
                    "metrics: {address: 127.0.0.1, port: " + taken.getLocalPort() + "}"));
            assertThat(Main.execute("ship", "--config", config.toString(), "--debug")).isEqualTo(1);
            assertThat(failureLine()).isEqualTo(PREFIX + "metrics.port 127.0.0.1:" + taken.getLocalPort()
                    + ": Bind of the metrics endpoint to 127.0.0.1:" + taken.getLocalPort() + " failed: Address already"
                    + " in use (stop what listens there or choose another metrics.port; metrics.address must be an"
                    + " address of this host)");
        }
        assertThat(streams.err()).contains("Caused by: java.net.BindException").contains("\tat ");
    }

    /** The one line saying why the start failed; fails unless there is exactly one. */
    private String failureLine() {
        return streams.onlyErrLine(PREFIX);
    }
}
