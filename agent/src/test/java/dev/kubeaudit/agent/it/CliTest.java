package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.StandardStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit statuses and messages. */
class CliTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void checkConfigListsEveryProblemWithFileAndLineAndExitsWith2() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "log:\n  maxBackup: -1\n  maxSize: lots\nlisten:\n  prot: 1\n");
        int status = Main.execute("check-config", "--config", file.toString());
        assertThat(status).isEqualTo(2);
        assertThat(streams.err())
                .contains(file + ":2: log.maxBackup: -1")
                .contains(file + ":3: log.maxSize: lots")
                .contains(file + ":5: listen.prot");
    }

    @Test
    void kubeFlagsAreCheckedLikeTheFile() {
        assertThat(Main.execute("check-config", "--audit-log-maxage=-3")).isEqualTo(2);
        assertThat(streams.err()).contains("--audit-log-maxage: -3");
    }

    @Test
    void runRefusesALogDirectoryEveryUserMayWrite() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "log:\n  path: " + open.resolve("audit.log") + "\njournal:\n  dir: " + dir.resolve("j") + "\n");
        assertThat(Main.execute("run", "--config", file.toString())).isEqualTo(2);
        assertThat(streams.err()).contains("log.path: directory '" + open + "' is writable by every user");
    }

    @Test
    void shipExitsWith1AndSaysWhyInABuildWithoutAShipper() {
        assertThat(Main.execute("ship")).isEqualTo(1);
        assertThat(streams.err()).contains("This build has no shipper");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertThat(Main.execute("--no-such-flag")).isEqualTo(2);
        assertThat(Main.execute("--version")).isZero();
        assertThat(streams.out()).contains("audit-agent");
    }
}
