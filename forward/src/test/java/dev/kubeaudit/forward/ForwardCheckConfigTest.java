package dev.kubeaudit.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.StandardStreams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** check-config with the forward module on the class path: each destination checked as the forwarder sees it. */
class ForwardCheckConfigTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    private Path config(String forward) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), "journal:\n  dir: " + dir.resolve("journal") + "\nlog:\n  path: "
                + dir.resolve("log").resolve("audit.log") + "\nship:\n  destination: none\nlisten:\n  port: 0\nmetrics:\n"
                + "  port: 0\n" + forward);
    }

    @Test
    void aKafkaPropertyTheClientDoesNotKnowFailsNamingItsLine() throws IOException {
        Path config = config("forward:\n- name: bus\n  kafka:\n    bootstrapServers: \"127.0.0.1:9092\"\n    topic: audit\n"
                + "    properties: {security.protocl: SSL}\n");
        assertThat(Main.execute("check-config", "--config", config.toString())).isEqualTo(2);
        assertThat(streams.err()).contains(config + ":16: forward[0].kafka.properties: bus: ").contains("security.protocl");
    }

    @Test
    void aKafkaDestinationWithKnownPropertiesPasses() throws IOException {
        Path config = config("forward:\n- name: bus\n  kafka: {bootstrapServers: \"127.0.0.1:9092\", topic: audit,"
                + " properties: {security.protocol: PLAINTEXT}}\n");
        assertThat(Main.execute("check-config", "--config", config.toString())).as(streams.err()).isEqualTo(0);
    }
}
