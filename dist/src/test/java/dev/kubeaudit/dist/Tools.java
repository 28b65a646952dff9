package dev.kubeaudit.dist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the host's tools (tar, dpkg-deb, rpm, bash, systemd-analyze, promtool) for the checks of the built packages. */
final class Tools {
    /** The project root and version, from failsafe's system properties. */
    static final Path ROOT = Path.of(System.getProperty("kubeaudit.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("kubeaudit.version", "0.1.0-SNAPSHOT");

    private Tools() {
    }

    /** Output and exit status of a finished command. */
    record Result(int status, String output) {
    }

    /**
     * Skips the calling test when {@code tool} is not installed, unless KUBEAUDIT_REQUIRE_TOOLS
     * is set (CI installs every tool, so there a missing one fails).
     */
    static void require(String tool) {
        boolean present = onPath(tool);
        if (!present && System.getenv("KUBEAUDIT_REQUIRE_TOOLS") != null) {
            throw new AssertionError(tool + " is not installed (CI installs it: see .ci/run)");
        }
        assumeTrue(present, tool + " is not installed");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code command} (stdin from {@code input} when not null) for at most 2 minutes. */
    static Result run(List<String> command, Map<String, String> env, Path input)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), Map.of(), null);
    }

    static Path tarball() {
        return ROOT.resolve("agent/target/kube-audit-agent-" + VERSION + ".tar.gz");
    }

    static Path deb() {
        return ROOT.resolve("agent/target/kube-audit-agent_" + VERSION + "_all.deb");
    }

    /**
     * The RPM's version-release from the Maven version, as src/rpm/kube-audit-agent.spec maps it: 0.1.0 is
     * 0.1.0-1, 0.1.0-SNAPSHOT is 0.1.0-0.1.SNAPSHOT (a qualifier's "-" becomes ".").
     */
    static String rpmVersionRelease() {
        int dash = VERSION.indexOf('-');
        return dash < 0 ? VERSION + "-1"
                : VERSION.substring(0, dash) + "-0.1." + VERSION.substring(dash + 1).replace('-', '.');
    }

    static Path rpm() {
        return ROOT.resolve("agent/target/kube-audit-agent-" + rpmVersionRelease() + ".noarch.rpm");
    }

    /** Runs systemd/install.sh from the source tree into {@code destdir}; returns its output. */
    static Result install(Path destdir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("sh", ROOT.resolve("systemd/install.sh").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of("DESTDIR", destdir.toString()), null);
    }
}
