package dev.kubeaudit.agent.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An {@code audit-agent} command in a child JVM started from the test class path, its output in files. */
public final class ChildCli implements AutoCloseable {
    private final Process process;
    private final Path stdout;

    private ChildCli(Process process, Path stdout) {
        this.process = process;
        this.stdout = stdout;
    }

    /** Starts {@code audit-agent args…}; standard output goes to {@code stdout}, standard error beside it. */
    public static ChildCli start(Path stdout, String... args) throws IOException {
        List<String> command = java();
        command.add("dev.kubeaudit.agent.cli.Main");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stdout.resolveSibling(stdout.getFileName() + ".err").toFile())
                .start();
        return new ChildCli(process, stdout);
    }

    /**
     * The command line of a child JVM like this one: its java, 256 MiB of heap, this JVM's
     * {@code --add-*} and Chronicle options, this class path; the caller adds the main class and arguments.
     */
    public static List<String> java() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle.")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        return command;
    }

    /** The lines written to standard output so far. */
    public List<String> lines() {
        try {
            return Files.readString(stdout, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Standard error so far, for failure messages. */
    public String errors() {
        try {
            return Files.readString(stdout.resolveSibling(stdout.getFileName() + ".err"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status; fails when the command is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Still running after " + timeout + ": " + errors());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
