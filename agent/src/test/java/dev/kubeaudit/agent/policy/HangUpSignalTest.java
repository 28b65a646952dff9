package dev.kubeaudit.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process started with SIGHUP ignored (as under nohup) keeps it ignored: the JVM installs no
 * handler for it, so a SIGHUP never reaches the reloaders and they must not claim it does.
 */
class HangUpSignalTest {
    @TempDir
    Path dir;

    @Test
    void aSighupIgnoredAtStartIsReportedAsNotHandled() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), PolicyReloaderTest.HEAD + "- level: Metadata\n");
        Path output = dir.resolve("probe.out");
        List<String> command = List.of("/bin/sh", "-c", "trap '' HUP; exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName(), policy.toString());
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!probe.waitFor(60, TimeUnit.SECONDS)) {
            probe.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("probe still running after 60 s: " + Files.readString(output, StandardCharsets.UTF_8));
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(probe.exitValue()).as(printed).isZero();
        assertThat(printed).contains("handled=false")
                .contains("SIGHUP is ignored by this process (started under nohup?); the audit policy file is still watched");
    }

    /** Starts a reloader on the policy file named by its argument and prints whether SIGHUP reaches it. */
    public static final class Probe {
        private Probe() {
        }

        public static void main(String[] args) throws Exception {
            try (PolicyReloader reloader = PolicyReloader.load(Path.of(args[0]), PolicyListener.NONE)) {
                reloader.start(policy -> { }, Duration.ofDays(1));
                System.out.println("handled=" + HangUpSignal.handled());
            }
        }
    }
}
