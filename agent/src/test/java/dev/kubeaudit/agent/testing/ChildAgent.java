package dev.kubeaudit.agent.testing;

import dev.kubeaudit.agent.CrashPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The agent in a child JVM, started from the test class path, killed or stopped like a real process. */
public final class ChildAgent implements AutoCloseable {
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;

    private ChildAgent(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code audit-agent run --config config} with optional extra system properties
     * ({@code -Dk=v}); output goes to {@code logFile}. Waits until the webhook port accepts.
     */
    public static ChildAgent start(Path config, int port, Path logFile, String... jvmProperties)
            throws IOException, InterruptedException {
        return start(config, port, logFile, Map.of(), jvmProperties);
    }

    /** Starts the agent of {@code config}, as {@link #start(Path, int, Path, String...)}. */
    public static ChildAgent start(ChildAgentConfig config, Path logFile, String... jvmProperties)
            throws IOException, InterruptedException {
        return start(config.file(), config.port(), logFile, jvmProperties);
    }

    /** As {@link #start(Path, int, Path, String...)}, with extra environment variables for the child. */
    public static ChildAgent start(Path config, int port, Path logFile, Map<String, String> environment,
                                   String... jvmProperties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // The module access and Chronicle flags this test JVM was started with (from the parent pom).
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle.")) {
                command.add(arg);
            }
        }
        command.addAll(Arrays.asList(jvmProperties));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.kubeaudit.agent.cli.Main");
        command.add("run");
        command.add("--config");
        command.add(config.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        ChildAgent child = new ChildAgent(process, port);
        boolean crashPointSet = Arrays.stream(jvmProperties).anyMatch(p -> p.startsWith("-Dkubeaudit.crashPoint="));
        child.awaitListening(Duration.ofSeconds(60), logFile, crashPointSet);
        return child;
    }

    private void awaitListening(Duration timeout, Path logFile, boolean crashPointSet)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive() && crashPointSet && process.exitValue() == CrashPoint.HALT_STATUS) {
                return; // the crash point came while catching up on the journal, before listening
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("agent exited with " + process.exitValue() + " before listening:\n"
                        + tail(logFile));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("agent not listening on " + port + " after " + timeout + ":\n" + tail(logFile));
    }

    private static String tail(Path logFile) throws IOException {
        String all = Files.readString(logFile, StandardCharsets.UTF_8);
        return all.substring(Math.max(0, all.length() - 4000));
    }

    /** A free port on 127.0.0.1 (closed again, so a child can bind it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * SIGSTOP, as {@code kill -STOP}: returns once every thread of the child stands still, so its
     * files (mapped ones included) hold what they will hold until {@link #resume()}.
     */
    public void suspend() throws IOException, InterruptedException {
        signal("STOP");
        Await.awaitUntil(SIGNAL_TIMEOUT, this::everyThreadStopped, "every thread of agent " + pid() + " stopped");
    }

    /** SIGCONT, as {@code kill -CONT}: the child runs on. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill.destroyForcibly();
            throw new AssertionError("kill -" + name + " " + pid() + " did not end within " + SIGNAL_TIMEOUT);
        }
        if (kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** True when every task in /proc/PID/task is in state T (stopped by a signal). */
    private boolean everyThreadStopped() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            return tasks.allMatch(ChildAgent::stopped);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static boolean stopped(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
            int afterName = stat.lastIndexOf(')');
            return afterName > 0 && stat.length() > afterName + 2 && stat.charAt(afterName + 2) == 'T';
        } catch (NoSuchFileException e) {
            return true; // the thread ended
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as {@code kill -9}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit status. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("agent did not stop within " + timeout + " after SIGTERM");
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself (a crash point); returns its exit status or -1 on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
