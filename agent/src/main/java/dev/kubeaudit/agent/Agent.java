package dev.kubeaudit.agent;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.forward.ConsumerEventsTee;
import dev.kubeaudit.agent.forward.Forwarding;
import dev.kubeaudit.agent.forward.ForwardingProvider;
import dev.kubeaudit.agent.ingest.BatchSink;
import dev.kubeaudit.agent.ingest.IngestLimits;
import dev.kubeaudit.agent.ingest.IngestServer;
import dev.kubeaudit.agent.ingest.IngestSettings;
import dev.kubeaudit.agent.ingest.WebhookAccess;
import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.integrity.IntegrityDirectory;
import dev.kubeaudit.agent.integrity.RunningMarker;
import dev.kubeaudit.agent.integrity.SegmentRangeLog;
import dev.kubeaudit.agent.journal.ConsumerSettings;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.lifecycle.Components;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.lifecycle.ServiceFailure;
import dev.kubeaudit.agent.lifecycle.StartupException;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.logfile.LogFileAccess;
import dev.kubeaudit.agent.logfile.LogFileSettings;
import dev.kubeaudit.agent.metrics.AgentMetrics;
import dev.kubeaudit.agent.metrics.MetricsServer;
import dev.kubeaudit.agent.policy.PolicyException;
import dev.kubeaudit.agent.policy.PolicyListener;
import dev.kubeaudit.agent.policy.PolicyReloader;
import dev.kubeaudit.agent.policy.PolicySink;
import dev.kubeaudit.agent.ship.SegmentShipping;
import dev.kubeaudit.agent.ship.SegmentShippingProvider;
import dev.kubeaudit.agent.ship.ShippingHandOff;
import dev.kubeaudit.agent.systemd.EventLoopHeartbeat;
import dev.kubeaudit.agent.systemd.ServiceNotifier;
import dev.kubeaudit.agent.tls.SecurityFiles;
import dev.kubeaudit.agent.tls.WebhookSecurity;
import dev.kubeaudit.agent.writer.IntegrityRecorder;
import dev.kubeaudit.agent.writer.IntegrityRecords;
import dev.kubeaudit.agent.writer.LogWriter;
import dev.kubeaudit.agent.writer.WriterProgress;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent. Components start in one ordered list and stop in its reverse
 * ({@link Components}): metrics, integrity state (with integrity.enabled: the declared gaps, this
 * run's running marker, the segment ranges), journal, log writer, then, once the writer's first
 * recovery has recorded every backup in its checkpoint, shipping; then the audit policy (when
 * policy.file is set; re-read on SIGHUP and on change), webhook security, webhook ingest, the
 * metrics endpoint and the systemd notifier. {@link #close()} is the SIGTERM path: new requests
 * get 503, in-flight ones are answered, shipping stops, the writer checkpoints where it stands, the
 * journal closes, the running marker is removed; all within about 5 seconds.
 *
 * <p>A core component that fails for good (its thread dies, the journal's force fails) is
 * reported through {@link FatalFailures}: the agent logs it, counts it, answers 503, turns
 * /readyz false, stops the watchdog pings and completes {@link #failure()}, on which the command
 * line closes the agent and exits with {@link #FATAL_EXIT_STATUS}. Thread-safe.
 */
public final class Agent implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** Name of the journal tailer the log writer reads with. */
    public static final String WRITER_TAILER = "logfile";
    /** Exit status after a fatal failure: non-zero, so that systemd (Restart=on-failure) restarts the agent. */
    public static final int FATAL_EXIT_STATUS = ServiceFailure.EXIT_STATUS;
    /** How often policy.file is checked for changes (SIGHUP re-reads it at once). */
    static final Duration POLICY_CHECK_INTERVAL = Duration.ofSeconds(2);
    /** How long start-up waits for the log writer's first recovery (a container's start-up probe allows for it). */
    public static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(5);
    /** How long a stop waits for the log writer; past it the journal stays open (the writer may still read it). */
    static final Duration WRITER_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final AgentConfig config;
    private final Components components;
    private final ServiceFailure failure;
    private final LogWriter writer;
    private final IngestServer ingest;
    private final MetricsServer metricsServer;
    private final AtomicBoolean ready;
    private boolean closed;

    private Agent(AgentConfig config, Components components, ServiceFailure failure, LogWriter writer,
                  IngestServer ingest, MetricsServer metricsServer, AtomicBoolean ready) {
        this.config = config;
        this.components = components;
        this.failure = failure;
        this.writer = writer;
        this.ingest = ingest;
        this.metricsServer = metricsServer;
        this.ready = ready;
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
        if (!config.forward().isEmpty() && ForwardingProvider.onClassPath().isEmpty()) {
            problems.add(NO_FORWARDER);
        }
        return problems;
    }

    /** Starts every component in order; on a failure stops what was started, in reverse, and rethrows. */
    public static Agent start(AgentConfig config, Clock clock) throws IOException {
        List<String> problems = unsupported(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        Components components = new Components();
        try {
            AgentMetrics metrics = components.started("metrics", new AgentMetrics(config, clock));
            ServiceFailure failure = new ServiceFailure("agent", metrics.fatal());
            GapInbox gaps = startIntegrity(config, clock, components, failure);
            IntegrityRecorder integrity = integrityRecorder(config, clock, components, gaps);
            Forwarding forwarding = forwarding(config, clock, metrics, failure);
            Journal journal = components.started("journal", StartupException.step("journal.dir",
                    config.journal().dir(), () -> Journal.open(config.journal(), clock,
                            new ConsumerEventsTee(metrics.journal(), forwarding.journalListener()), failure,
                            consumers(config))));
            metrics.bindJournal(journal);
            WriterProgress progress = new WriterProgress(metrics.writer(), journal::backlogEvents, clock,
                    WriterProgress.STALL_AFTER);
            metrics.bindWriterProgress(progress);
            LateShipping shipping = new LateShipping();
            if (!config.ship().enabled()) {
                // No shipper to wait for: retention deletes by maxBackup/maxAge from the writer's first pass on.
                shipping.start(startShipping(config, clock, metrics, failure, gaps));
            }
            LogWriter writer = LogWriter.start(writerSettings(config), clock, () -> journal.tailer(WRITER_TAILER),
                    progress, new ShippingHandOff(metrics.logFile(), shipping), shipping::mayDelete, failure,
                    integrity);
            components.started("log writer", writer, () -> {
                if (!writer.close(WRITER_STOP_TIMEOUT)) {
                    throw new Components.StillRunningException("log writer still running after " + WRITER_STOP_TIMEOUT);
                }
            });
            StartupException.step("log.path", config.log().path(), () -> awaitRecovery(writer));
            if (config.ship().enabled()) {
                shipping.start(StartupException.step("ship.destination", config.ship().destination(),
                        () -> startShipping(config, clock, metrics, failure, gaps)));
            }
            components.started("shipping", shipping);
            components.started("forwarding", forwarding);
            StartupException.step("forward", null, () -> {
                forwarding.start(journal);
                return null;
            });
            BatchSink sink = journal;
            if (config.policy().file() != null) {
                PolicyListener policyListener = metrics.policy();
                PolicyReloader reloader = components.started("policy",
                        loadPolicy(config.policy().file(), policyListener));
                PolicySink policySink = new PolicySink(reloader.policy(), journal, policyListener);
                reloader.start(policySink::replace, POLICY_CHECK_INTERVAL);
                sink = policySink;
            }
            SecurityFiles securityFiles = securityFiles(config.listen());
            WebhookSecurity security = securityFiles.none() ? null
                    : components.started("webhook security", StartupException.step(
                            config.listen().tls().enabled() ? "listen.tls" : "listen.bearerTokenFile", null,
                            () -> WebhookSecurity.start(securityFiles, clock, metrics.security())));
            IngestServer ingest = new IngestServer(ingestSettings(config), sink, metrics.ingest(),
                    security == null ? WebhookAccess.OPEN : security);
            components.started("ingest", ingest, () -> stopIngest(ingest));
            StartupException.step("listen.port", config.listen().address() + ":" + config.listen().port(),
                    () -> ingest.start());
            failure.onFailure(reason -> ingest.beginShutdown());
            AtomicBoolean ready = new AtomicBoolean();
            MetricsServer metricsServer = components.started("metrics endpoint", StartupException.step("metrics.port",
                    config.metrics().address() + ":" + config.metrics().port(), () -> MetricsServer.start(
                            config.metrics().address(), config.metrics().port(), metrics.registry(),
                            () -> ready.get() && !failure.failed() && !progress.stalled())));
            EventLoopHeartbeat heartbeat = new EventLoopHeartbeat(ingest.eventLoops());
            ServiceNotifier notifier = ServiceNotifier.fromEnvironment(System.getenv(),
                    () -> journal.isOpen() && heartbeat.getAsBoolean(), () -> status(journal, progress), failure);
            components.started("systemd notifier", notifier, () -> {
                notifier.stopping();
                notifier.close();
            });
            failure.onFailure(notifier::failed);
            Agent agent = new Agent(config, components, failure, writer, ingest, metricsServer, ready);
            ready.set(true);
            notifier.ready();
            LOG.info("Listening for audit webhook batches on {}://{}:{}{} ({}); writing '{}' (journal '{}'); metrics on"
                            + " http://{}:{}/metrics", security != null && security.sslContext() != null ? "https" : "http",
                    config.listen().address(), ingest.port(), config.listen().path(), describe(security),
                    config.log().path().toAbsolutePath(), config.journal().dir().toAbsolutePath(),
                    config.metrics().address(), metricsServer.port());
            return agent;
        } catch (IOException | RuntimeException e) {
            components.close();
            throw e;
        }
    }

    /**
     * With integrity.enabled: opens the declared gaps in journal.dir/integrity/, declares the previous
     * run's unclean stop if its running marker is still there, and marks this run. Started before
     * the journal, so that a clean stop removes the marker after everything else has stopped.
     * A stop after a fatal failure leaves the marker: that run did not end cleanly. Returns the
     * inbox, or null with integrity off.
     */
    private static GapInbox startIntegrity(AgentConfig config, Clock clock, Components components,
                                           ServiceFailure failure) throws IOException {
        if (!config.integrity().enabled()) {
            return null;
        }
        Path dir = IntegrityDirectory.of(config.journal().dir());
        GapInbox gaps = components.started("declared gaps", GapInbox.open(dir));
        RunningMarker marker = RunningMarker.start(dir, gaps, clock);
        components.started("running marker", marker, () -> {
            if (!failure.failed()) {
                marker.close();
            }
        });
        return gaps;
    }

    /** What the log writer records for integrity: backup ranges and lost tails, or nothing with integrity off. */
    private static IntegrityRecorder integrityRecorder(AgentConfig config, Clock clock, Components components,
                                                       GapInbox gaps) throws IOException {
        if (gaps == null) {
            return IntegrityRecorder.NONE;
        }
        SegmentRangeLog ranges = components.started("segment ranges",
                SegmentRangeLog.open(IntegrityDirectory.of(config.journal().dir())));
        return new IntegrityRecords(ranges, gaps, config.log().path(), clock);
    }

    /** Waits for the writer's first recovery: until then a backup may not be in its checkpoint yet. */
    private static Void awaitRecovery(LogWriter writer) throws IOException {
        try {
            writer.recovered().get(RECOVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException("The log writer could not recover from its checkpoint: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("The log writer did not recover from its checkpoint within " + RECOVERY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while the log writer recovered", e);
        }
    }

    /** New requests get 503; those in flight are answered (up to 2 s); then the server closes. */
    private static void stopIngest(IngestServer ingest) {
        ingest.beginShutdown();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (ingest.inFlightBytes() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
        ingest.close();
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
    private static SegmentShipping startShipping(AgentConfig config, Clock clock, AgentMetrics metrics,
                                                 FatalFailures fatal, GapInbox gaps) throws IOException {
        if (!config.ship().enabled()) {
            LOG.info("ship.destination is none: rotated segments stay in '{}' until maxBackup or maxAge deletes them",
                    config.log().path().toAbsolutePath().getParent());
            return SegmentShipping.NONE;
        }
        SegmentShippingProvider provider = SegmentShippingProvider.onClassPath()
                .orElseThrow(() -> new IllegalArgumentException(noShipper(config.ship().destination())));
        return provider.start(config, clock, metrics.registry(), fatal, gaps);
    }

    private static final String NO_FORWARDER = "forward: this build has no forwarder (the forward module is not on"
            + " the class path) (expected: the audit-agent.jar built with its forward module, or no forward: list)";

    /** Forwarding to config.forward() by the provider on the class path; none without destinations. */
    private static Forwarding forwarding(AgentConfig config, Clock clock, AgentMetrics metrics, FatalFailures fatal) {
        if (config.forward().isEmpty()) {
            return Forwarding.NONE;
        }
        return ForwardingProvider.onClassPath().orElseThrow(() -> new IllegalArgumentException(NO_FORWARDER))
                .create(config, clock, metrics.registry(), fatal);
    }

    /** One journal consumer per forwarding destination, named as the destination, bounded by its maxBacklog. */
    static List<ConsumerSettings> consumers(AgentConfig config) {
        return config.forward().stream().map(f -> new ConsumerSettings(f.name(), f.maxBacklogBytes(), f.maxBacklogAge(),
                f.onOverflow() == AgentConfig.Forward.Overflow.BLOCK ? ConsumerSettings.Overflow.BLOCK
                        : ConsumerSettings.Overflow.SKIP)).toList();
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
                log.maxAge(), compression, log.compressionLevel(), log.rotateInterval(),
                new LogFileAccess(log.fileMode(), log.group()));
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

    /**
     * Completes with a description of the first fatal failure (a core thread died, the journal's
     * force failed); the agent is then already refusing batches and should be closed and the
     * process exit with {@link #FATAL_EXIT_STATUS}.
     */
    public CompletableFuture<String> failure() {
        return failure.future();
    }

    /** Stops every component in reverse start order; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready.set(false);
        LOG.info("Stopping: refusing new batches, answering those in flight");
        components.close();
        LOG.info("Stopped");
    }
}
