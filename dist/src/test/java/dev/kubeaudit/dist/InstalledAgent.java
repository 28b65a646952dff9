package dev.kubeaudit.dist;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The agent as {@code install.sh} lays it out under a DESTDIR, run through its launcher
 * ({@code bin/audit-agent run}) in a child process, its output in {@code agent.out} beside the
 * configuration. {@link #close()} sends SIGTERM and waits for the exit. Not thread-safe.
 */
final class InstalledAgent implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int metricsPort;
    private final Path output;
    private final HttpClient http = HttpClient.newHttpClient();

    private InstalledAgent(Process process, int metricsPort, Path output) {
        this.process = process;
        this.metricsPort = metricsPort;
        this.output = output;
    }

    /** Runs install.sh into {@code dir/root}, then the agent on {@code config}; returns once /readyz answers 200. */
    static InstalledAgent start(Path dir, Path config, int metricsPort) throws IOException, InterruptedException {
        Path root = dir.resolve("root");
        Tools.Result install = Tools.install(root);
        assertThat(install.status()).as(install.output()).isZero();
        Path output = dir.resolve("agent.out");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("opt/kube-audit-agent/bin/audit-agent").toString(),
                "run", "--config", config.toString()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        InstalledAgent agent = new InstalledAgent(builder.start(), metricsPort, output);
        try {
            awaitUntil(READY_TIMEOUT, agent::ready, "/readyz 200 on " + metricsPort);
        } catch (AssertionError e) {
            agent.close();
            throw new AssertionError(e.getMessage() + "; agent output:\n" + Files.readString(output), e);
        }
        return agent;
    }

    /** A port free on the loopback address now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The text of {@code /metrics}, as Prometheus scrapes it. */
    String scrape() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    private boolean ready() {
        assertThat(process.isAlive()).as("agent running").isTrue();
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/readyz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
