package dev.kubeaudit.forward.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker for tests: KRaft, broker and controller in one child JVM started from the
 * test class path, listening on 127.0.0.1 only, its data under one folder. Stopped (SIGTERM),
 * killed (SIGKILL) and started again on the same ports and data; every wait is bounded. Its log
 * (warnings and errors only) goes to {@code broker.log} in that folder. Not thread-safe.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private Process process;
    private Duration lastStart = Duration.ZERO;

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A broker on two free loopback ports with its data under {@code dir}; not started yet. */
    public static KafkaBroker in(Path dir) throws IOException {
        Files.createDirectories(dir);
        KafkaBroker broker = new KafkaBroker(dir, freePort(), freePort());
        Files.writeString(broker.propertiesFile(), broker.serverProperties(), StandardCharsets.UTF_8);
        return broker;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** How long the last {@link #start()} took, from launching the JVM to a broker that answers. */
    public Duration lastStartTime() {
        return lastStart;
    }

    /** Starts the child JVM and waits until the broker is registered and answers an admin request. */
    public void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " is already running");
        }
        long began = System.nanoTime();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                KafkaBrokerMain.class.getName(), propertiesFile().toString(), clusterId);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        awaitReady(began + START_TIMEOUT.toNanos());
        lastStart = Duration.ofNanos(System.nanoTime() - began);
    }

    /** Stops the broker as an operator would (SIGTERM) and waits for its JVM to end. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " did not stop within "
                    + STOP_TIMEOUT + " of SIGTERM; killed");
        }
        process = null;
    }

    /** Kills the broker's JVM (SIGKILL) and waits for it to end. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        process = null;
    }

    /** Creates {@code topic} with one partition, replication factor 1. */
    public void createTopic(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Where the broker's output goes. */
    public Path logFile() {
        return dir.resolve("broker.log");
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private void awaitReady(long deadline) throws IOException {
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("Kafka broker on " + bootstrapServers() + " exited with "
                            + process.exitValue() + " while starting; see " + logFile() + ":\n" + logTail());
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not answering yet: ask again until the deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while waiting for the Kafka broker", e);
                }
                if (System.nanoTime() - deadline > 0) {
                    process.destroyForcibly();
                    throw new IOException("Kafka broker on " + bootstrapServers() + " did not answer within "
                            + START_TIMEOUT + "; see " + logFile() + ":\n" + logTail());
                }
            }
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + logFile() + " failed", e);
        }
    }

    private String serverProperties() {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=3000",
                "");
    }

    private Path propertiesFile() {
        return dir.resolve("server.properties");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
