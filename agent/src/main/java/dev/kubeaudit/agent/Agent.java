package dev.kubeaudit.agent;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.ingest.BatchSink;
import dev.kubeaudit.agent.ingest.IngestLimits;
import dev.kubeaudit.agent.ingest.IngestServer;
import dev.kubeaudit.agent.ingest.IngestSettings;
import dev.kubeaudit.agent.ingest.WebhookAccess;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.logfile.LogFileSettings;
import dev.kubeaudit.agent.metrics.AgentMetrics;
import dev.kubeaudit.agent.metrics.MetricsServer;
import dev.kubeaudit.agent.policy.PolicyException;
import dev.kubeaudit.agent.policy.PolicyListener;
import dev.kubeaudit.agent.policy.PolicyReloader;
import dev.kubeaudit.agent.policy.PolicySink;
import dev.kubeaudit.agent.ship.SegmentShipping;
import dev.kubeaudit.agent.ship.ShippingHandOff;
import dev.kubeaudit.agent.ship.SegmentShippingProvider;
import dev.kubeaudit.agent.systemd.EventLoopHeartbeat;
import dev.kubeaudit.agent.systemd.ServiceNotifier;
import dev.kubeaudit.agent.tls.SecurityFiles;
import dev.kubeaudit.agent.tls.WebhookSecurity;
import dev.kubeaudit.agent.writer.LogWriter;
import dev.kubeaudit.agent.writer.WriterProgress;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent: journal, log writer, the audit policy (when policy.file is set; re-read on
 * SIGHUP and on change), webhook ingest and metrics endpoint, started in that order and closed in
 * reverse. {@link #close()} is the SIGTERM path: new requests get 503,
 * in-flight ones are answered, the writer checkpoints where it stands, the journal closes; all
 * within about 5 seconds. Thread-safe.
 */
public final class Agent implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** Name of the journal tailer the log writer reads with. */
    public static final String WRITER_TAILER = "logfile";
    /** How often policy.file is checked for changes (SIGHUP re-reads it at once). */
    static final Duration POLICY_CHECK_INTERVAL = Duration.ofSeconds(2);

    private final AgentConfig config;
    private final Journal journal;
    private final SegmentShipping shipping;
    private final LogWriter writer;
    private final WebhookSecurity security;
    private final IngestServer ingest;
    private final Closeable policy;
    private final MetricsServer metricsServer;
    private final AgentMetrics metrics;
    private final AtomicBoolean ready;
    private final ServiceNotifier notifier;
    private volatile boolean closed;

    private Agent(AgentConfig config, Journal journal, SegmentShipping shipping, LogWriter writer,
                  WebhookSecurity security, IngestServer ingest, Closeable policy, MetricsServer metricsServer,
                  AgentMetrics metrics, AtomicBoolean ready, ServiceNotifier notifier) {
        this.notifier = notifier;
        this.security = security;
        this.ready = ready;
        this.config = config;
        this.journal = journal;
        this.shipping = shipping;
        this.writer = writer;
        this.ingest = ingest;
        this.policy = policy;
        this.metricsServer = metricsServer;
        this.metrics = metrics;
    }

    /**
     * Settings the agent refuses to start with although the file is valid: unsafe places, such as a
     * log or journal directory every user may write to, and a ship.destination this build cannot ship
     * to (retention would delete the unshipped segments).
     */
    public static List<String> unsupported(AgentConfig config) {
        List<String> problems = new ArrayList<>();
        Path logDir = config.log().path().toAbsolutePath().getParent();
        FileSafety.worldWritable("log.path", logDir).ifPresent(problems::add);
        FileSafety.worldWritable("journal.dir", config.journal().dir().toAbsolutePath()).ifPresent(problems::add);
        if (config.ship().enabled() && SegmentShippingProvider.onClassPath().isEmpty()) {
            problems.add(noShipper(config.ship().destination()));
        }
        return problems;
    }

    /** Starts every component; on a failure closes what was started and rethrows. */
    public static Agent start(AgentConfig config, Clock clock) throws IOException {
        List<String> problems = unsupported(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        Deque<Closeable> started = new ArrayDeque<>();
        try {
            AgentMetrics metrics = new AgentMetrics(config);
            started.push(metrics);
            Journal journal = Journal.open(config.journal(), clock, metrics.journal());
            started.push(journal);
            metrics.bindJournal(journal);
            SegmentShipping shipping = startShipping(config, clock, metrics);
            started.push(shipping);
            WriterProgress progress = new WriterProgress(metrics.writer(), journal::backlogEvents, clock,
                    WriterProgress.STALL_AFTER);
            metrics.bindWriterProgress(progress);
            LogWriter writer = LogWriter.start(writerSettings(config), clock, () -> journal.tailer(WRITER_TAILER),
                    progress, new ShippingHandOff(metrics.logFile(), shipping), shipping::mayDelete);
            started.push(writer);
            BatchSink sink = journal;
            Closeable policy = () -> { };
            if (config.policy().file() != null) {
                PolicyListener policyListener = metrics.policy();
                PolicyReloader reloader = loadPolicy(config.policy().file(), policyListener);
                started.push(reloader);
                PolicySink policySink = new PolicySink(reloader.policy(), journal, policyListener);
                reloader.start(policySink::replace, POLICY_CHECK_INTERVAL);
                sink = policySink;
                policy = reloader;
            }
            SecurityFiles securityFiles = securityFiles(config.listen());
            WebhookSecurity security = securityFiles.none() ? null
                    : WebhookSecurity.start(securityFiles, clock, metrics.security());
            if (security != null) {
                started.push(security);
            }
            IngestServer ingest = new IngestServer(ingestSettings(config), sink, metrics.ingest(),
                    security == null ? WebhookAccess.OPEN : security);
            started.push(ingest);
            ingest.start();
            AtomicBoolean ready = new AtomicBoolean();
            MetricsServer metricsServer = MetricsServer.start(config.metrics().address(), config.metrics().port(),
                    metrics.registry(), () -> ready.get() && !progress.stalled());
            started.push(metricsServer);
            EventLoopHeartbeat heartbeat = new EventLoopHeartbeat(ingest.eventLoops());
            ServiceNotifier notifier = ServiceNotifier.fromEnvironment(System.getenv(),
                    () -> journal.isOpen() && heartbeat.getAsBoolean(), () -> status(journal, progress));
            started.push(notifier);
            Agent agent = new Agent(config, journal, shipping, writer, security, ingest, policy, metricsServer, metrics,
                    ready, notifier);
            ready.set(true);
            notifier.ready();
            LOG.info("Listening for audit webhook batches on {}://{}:{}{} ({}); writing '{}' (journal '{}'); metrics on"
                            + " http://{}:{}/metrics", security != null && security.sslContext() != null ? "https" : "http",
                    config.listen().address(), ingest.port(), config.listen().path(), describe(security),
                    config.log().path().toAbsolutePath(), config.journal().dir().toAbsolutePath(),
                    config.metrics().address(), metricsServer.port());
            return agent;
        } catch (IOException | RuntimeException e) {
            while (!started.isEmpty()) {
                closeQuietly(started.pop());
            }
            throw e;
        }
    }

    /** The STATUS= line for systemd. */
    private static String status(Journal journal, WriterProgress progress) {
        return "Listening; journal backlog " + journal.backlogEvents() + " events (" + journal.backlogBytes()
                + " bytes)" + (progress.stalled() ? "; log writer stalled" : "");
    }

    /** Loads policy.file; its errors stop start-up. */
    private static PolicyReloader loadPolicy(Path file, PolicyListener listener) throws IOException {
        try {
            return PolicyReloader.load(file, listener);
        } catch (PolicyException e) {
            throw new IllegalArgumentException("policy.file: " + file + " cannot be used:\n" + e.getMessage(), e);
        }
    }

    /**
     * Shipping from the first {@link SegmentShippingProvider} on the class path, or none with
     * ship.destination: none; a destination without a provider is refused, never silently unshipped.
     */
    private static SegmentShipping startShipping(AgentConfig config, Clock clock, AgentMetrics metrics)
            throws IOException {
        if (!config.ship().enabled()) {
            LOG.info("ship.destination is none: rotated segments stay in '{}' until maxBackup or maxAge deletes them",
                    config.log().path().toAbsolutePath().getParent());
            return SegmentShipping.NONE;
        }
        SegmentShippingProvider provider = SegmentShippingProvider.onClassPath()
                .orElseThrow(() -> new IllegalArgumentException(noShipper(config.ship().destination())));
        return provider.start(config, clock, metrics.registry());
    }

    private static String noShipper(String destination) {
        return "ship.destination: " + destination + ": this build has no shipper (the shipper module is not on the"
                + " class path), so retention would delete segments never shipped (expected: the audit-agent.jar"
                + " built with its shipper module, or ship.destination: none to run without shipping)";
    }

    static LogWriter.Settings writerSettings(AgentConfig config) {
        AgentConfig.Log log = config.log();
        Compression compression = !log.compress() ? Compression.NONE
                : log.compression() == AgentConfig.Compression.ZSTD ? Compression.ZSTD : Compression.GZIP;
        LogFileSettings file = new LogFileSettings(log.path(), log.maxSizeBytes(), log.maxBackup(),
                log.maxAge(), compression, log.compressionLevel(), log.rotateInterval());
        return new LogWriter.Settings(file, log.format() == AgentConfig.LogFormat.LEGACY,
                config.journal().dir().resolve("logfile.checkpoint"));
    }

    static IngestSettings ingestSettings(AgentConfig config) {
        AgentConfig.Listen l = config.listen();
        AgentConfig.Limits m = l.limits();
        return new IngestSettings(l.address(), l.port(), l.path(), l.maxRequestBytes(), l.maxInFlightBytes(),
                new IngestLimits(m.maxConnections(), m.idleTimeout(), m.requestTimeout(), m.maxHeaderBytes(),
                        m.maxEventsPerBatch(), m.maxJsonNestingDepth(), m.maxJsonStringLength(), m.maxJsonNumberLength()));
    }

    static SecurityFiles securityFiles(AgentConfig.Listen l) {
        AgentConfig.Tls t = l.tls();
        return new SecurityFiles(t.certFile(), t.keyFile(), t.clientCAFile(), t.allowedClientNames(), l.bearerTokenFile());
    }

    /** How the webhook authenticates its clients, for the start-up log line. */
    private static String describe(WebhookSecurity security) {
        if (security == null) {
            return "no authentication";
        }
        return (security.sslContext() == null ? "plain HTTP" : "TLS by " + security.provider())
                + (security.clientCertificates() ? ", client certificates" : "")
                + (security.bearerToken() ? ", bearer token" : "");
    }

    public int ingestPort() {
        return ingest.port();
    }

    public int metricsPort() {
        return metricsServer.port();
    }

    public AgentConfig config() {
        return config;
    }

    /** The log writer, for operations that pause it (maintenance, tests). */
    public LogWriter writer() {
        return writer;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready.set(false);
        notifier.stopping();
        LOG.info("Stopping: refusing new batches, answering those in flight");
        ingest.beginShutdown();
        awaitInFlight(Duration.ofSeconds(2));
        closeQuietly(ingest);
        closeQuietly(policy);
        if (security != null) {
            closeQuietly(security);
        }
        writer.close(Duration.ofSeconds(2));
        closeQuietly(shipping);
        closeQuietly(journal);
        closeQuietly(metricsServer);
        closeQuietly(metrics);
        closeQuietly(notifier);
        LOG.info("Stopped");
    }

    private void awaitInFlight(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ingest.inFlightBytes() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Close of {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

}
