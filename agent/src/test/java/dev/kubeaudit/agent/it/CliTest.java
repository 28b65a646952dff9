package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit statuses and messages. */
class CliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void checkConfigListsEveryProblemWithFileAndLineAndExitsWith2() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "log:\n  maxBackup: -1\n  maxSize: lots\nlisten:\n  prot: 1\n");
        int status = Main.execute("check-config", "--config", file.toString());
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(file + ":2: log.maxBackup: -1")
                .contains(file + ":3: log.maxSize: lots")
                .contains(file + ":5: listen.prot");
    }

    @Test
    void checkConfigAcceptsTheSampleConfiguration() {
        Path sample = Path.of("..", "config", "agent.yaml");
        assertThat(Main.execute("check-config", "--config", sample.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ok");
    }

    @Test
    void kubeFlagsAreCheckedLikeTheFile() {
        assertThat(Main.execute("check-config", "--audit-log-maxage=-3")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--audit-log-maxage: -3");
    }

    @Test
    void runRefusesALogDirectoryEveryUserMayWrite() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "log:\n  path: " + open.resolve("audit.log") + "\njournal:\n  dir: " + dir.resolve("j") + "\n");
        assertThat(Main.execute("run", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("log.path: directory '" + open + "' is writable by every user");
    }

    @Test
    void shipExitsWith1AndSaysWhyInABuildWithoutAShipper() {
        assertThat(Main.execute("ship")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("This build has no shipper");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertThat(Main.execute("--no-such-flag")).isEqualTo(2);
        assertThat(Main.execute("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("audit-agent");
    }
}
