package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.ChildCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child JVMs whose standard error is a file, with JOURNAL_STREAM set as systemd sets it: naming
 * that file (its device and inode), each line carries its syslog priority and no time; naming
 * anything else (a variable inherited by a process whose standard error went elsewhere), plain
 * lines with the time.
 */
class JournaldLinesTest {
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ";

    @TempDir
    Path dir;

    /** Logs through SLF4J only, as the agent's classes do: the set-up is Logback's first, the built-in one. */
    public static final class Sample {
        public static void main(String[] args) {
            Logger log = LoggerFactory.getLogger("dev.kubeaudit.agent.ingest.Sample");
            log.debug("not shown at the default level");
            log.info("listening");
            log.warn("slow");
            log.error("failed", new IOException("disk gone"));
        }
    }

    @Test
    void linesToJournaldCarryTheirPriority() throws Exception {
        Path err = Files.createFile(dir.resolve("stderr"));
        assertThat(child(err, journalStream(err), Sample.class.getName())).isZero();
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertThat(lines.subList(0, 4)).containsExactly("<6>INFO  ingest: listening", "<4>WARN  ingest: slow",
                "<3>ERROR ingest: failed", "<3>java.io.IOException: disk gone");
        assertThat(lines.subList(4, lines.size())).isNotEmpty().allMatch(l -> l.startsWith("<3>\tat "));
    }

    @Test
    void linesElsewhereArePlainWithTheirTime() throws Exception {
        Path err = Files.createFile(dir.resolve("stderr"));
        Path other = Files.createFile(dir.resolve("other"));
        assertThat(child(err, journalStream(other), Sample.class.getName())).isZero();
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).matches(TIME + "INFO  ingest: listening");
        assertThat(lines.get(2)).matches(TIME + "ERROR ingest: failed");
        assertThat(lines).noneMatch(l -> l.startsWith("<"));
    }

    @Test
    void aFailedStartOfTheAgentIsAnErrorToJournald() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.yaml"), "listen:\n  port: 0\n  tls:\n    certFile: "
                + dir.resolve("server.crt") + "\n    keyFile: " + dir.resolve("server.key") + "\njournal:\n  dir: "
                + dir.resolve("journal") + "\nlog:\n  path: " + dir.resolve("log/audit.log") + "\nship:\n  destination:"
                + " none\nmetrics:\n  port: 0\n");
        Path err = Files.createFile(dir.resolve("stderr"));
        int status = child(err, journalStream(err), "dev.kubeaudit.agent.cli.Main", "run", "--config", config.toString());
        assertThat(status).isEqualTo(2);
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertThat(lines).contains("<3>audit-agent: cannot start: listen.tls.certFile " + dir.resolve("server.crt")
                + ": no such file (create it, or empty listen.tls to serve plain HTTP on loopback)");
        assertThat(lines).anyMatch(l -> l.startsWith("<6>INFO  agent: ship.destination is none"));
        assertThat(lines).allMatch(l -> l.matches("<[3-7]>.*"));
    }

    /** {@code <device>:<inode>} of {@code file}, as systemd writes JOURNAL_STREAM. */
    private static String journalStream(Path file) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(file, "unix:dev,ino");
        return Long.toUnsignedString((Long) attributes.get("dev")) + ":" + attributes.get("ino");
    }

    /** Runs {@code main args…} in a child JVM of the test class path, standard error to {@code err}; its exit status. */
    private static int child(Path err, String journalStream, String... mainAndArgs) throws Exception {
        List<String> command = ChildCli.java();
        command.addAll(List.of(mainAndArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        builder.environment().put("JOURNAL_STREAM", journalStream);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 120 s: " + Files.readString(err));
        }
        return process.exitValue();
    }
}
