package dev.kubeaudit.agent.metrics;

import dev.kubeaudit.agent.BuildInfo;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.ingest.IngestListener;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalListener;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.logfile.LogFileListener;
import dev.kubeaudit.agent.policy.EventEditor;
import dev.kubeaudit.agent.policy.PolicyListener;
import dev.kubeaudit.agent.tls.SecurityListener;
import dev.kubeaudit.agent.writer.LogWriterListener;
import dev.kubeaudit.agent.writer.WriterProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus registry and the binders that turn the components' listener calls into meters
 * (names in DESIGN.md: prefix {@code audit_agent_}). Every meter has a description, so that
 * {@code promtool check metrics} accepts the output. Thread-safe.
 */
public final class AgentMetrics implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentMetrics.class);
    private static final String RECENT_EVENTS = "Audit events accepted from the webhook (stage received) or written to"
            + " audit.log (stage written) in the last minute or hour (window), from 10-second samples of"
            + " audit_agent_events_received_total and audit_agent_events_written_total";

    /**
     * The statuses the webhook answers (README "Webhook answers"), counted from 0 at start: an
     * alert on {@code increase()} sees the first 401 or 429 only if its series existed before it.
     * Any other status is still counted, from its first use.
     */
    private static final int[] ANSWERED = {200, 400, 401, 403, 404, 405, 408, 413, 414, 415, 417, 429, 431, 500, 503};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final AgentConfig config;
    private final RecentActivity recent;
    private final AtomicInteger rules = new AtomicInteger();
    private final Map<EventEditor.Drop, Counter> filtered = new EnumMap<>(EventEditor.Drop.class);

    public AgentMetrics(AgentConfig config) {
        this(config, Clock.systemUTC());
    }

    /** As above; the last-minute and last-hour gauges ({@link RecentActivity}) go by {@code clock}. */
    public AgentMetrics(AgentConfig config, Clock clock) {
        this.config = config;
        registry.config().commonTags(Tags.of("cluster", config.cluster(), "node", config.node()));
        // promtool check metrics lints these two ProcessorMetrics names: an abbreviated unit
        // (process_cpu_time_ns_total; process_cpu_usage remains) and a gauge ending in _count.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        BuildInfo build = BuildInfo.current();
        Gauge.builder("audit.agent.build.info", () -> 1)
                .description("Always 1: the agent's version, the git commit it was built from and the Java version it runs on")
                .tags("version", build.version(), "revision", build.revision(), "java", build.java()).register(registry);
        this.recent = new RecentActivity(registry, clock);
        for (EventEditor.Drop reason : EventEditor.Drop.values()) {
            filtered.put(reason, counter("audit.agent.events.filtered",
                    "Events dropped by the agent-side audit policy, by reason: level_none (no rule or level None),"
                            + " stage (an omitted stage)", "reason", reason.label()));
        }
        Gauge.builder("audit.agent.disk.free", () -> usable(config.journal().dir()))
                .description("Usable bytes on the file system of the journal or of audit.log")
                .baseUnit("bytes").tag("volume", "journal").register(registry);
        Gauge.builder("audit.agent.disk.free", () -> usable(config.log().path().toAbsolutePath().getParent()))
                .description("Usable bytes on the file system of the journal or of audit.log")
                .baseUnit("bytes").tag("volume", "log").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Held backups that still exist: the shipper may delete a shipped one itself (ship.deleteAfterShip). */
    private static double stillHeld(Set<Path> held) {
        held.removeIf(p -> !Files.exists(p));
        return held.size();
    }

    private static double usable(Path dir) {
        File f = dir == null ? new File(".") : dir.toFile();
        while (f != null && !f.exists()) {
            f = f.getAbsoluteFile().getParentFile();
        }
        return f == null ? Double.NaN : f.getUsableSpace();
    }

    /** Gauges read from the journal itself. */
    public void bindJournal(Journal journal) {
        Gauge.builder("audit.agent.journal.backlog.events", journal, Journal::backlogEvents)
                .description("Events journaled but not yet written to audit.log").register(registry);
        Gauge.builder("audit.agent.journal.backlog.bytes", journal, Journal::backlogBytes)
                .description("Bytes journaled but not yet written to audit.log").baseUnit("bytes").register(registry);
        Gauge.builder("audit.agent.journal.backlog.age", journal, j -> j.backlogAge().toMillis() / 1000.0)
                .description("Age of the oldest batch journaled but not yet written to audit.log, by its accept time;"
                        + " 0 when none waits").baseUnit("seconds").register(registry);
        Gauge.builder("audit.agent.journal.disk", journal, Journal::diskBytes)
                .description("Bytes the journal occupies on disk").baseUnit("bytes").register(registry);
        Gauge.builder("audit.agent.journal.max.disk", config.journal(), j -> j.maxDiskBytes())
                .description("journal.maxDiskBytes: backlog bytes beyond which batches get 429").baseUnit("bytes")
                .register(registry);
        Gauge.builder("audit.agent.journal.min.free", config.journal(), j -> j.minFreeBytes())
                .description("journal.minFreeBytes: free disk under which batches get 429").baseUnit("bytes")
                .register(registry);
    }

    /** Counts core components that failed for good, by component; the agent then exits non-zero. */
    public FatalFailures fatal() {
        return (component, cause) -> counter("audit.agent.fatal.errors",
                "Core components that failed for good (the agent then exits non-zero for a restart), by component",
                "component", component).increment();
    }

    /** 1 while the log writer is stalled (events waiting, nothing written for a minute). */
    public void bindWriterProgress(WriterProgress progress) {
        Gauge.builder("audit.agent.log.writer.stalled", progress, p -> p.stalled() ? 1 : 0)
                .description("1 while events wait in the journal and nothing reached audit.log for a minute")
                .register(registry);
    }

    public IngestListener ingest() {
        Counter received = counter("audit.agent.events.received", "Audit events accepted from the webhook");
        Counter duplicates = counter("audit.agent.duplicate.batches",
                "Batches whose identical body was already accepted within the de-duplication window");
        StatusCounters requests = new StatusCounters(new TaggedCounters(registry, "audit.agent.requests",
                "Webhook requests answered, by HTTP status", "code"));
        Timer duration = Timer.builder("audit.agent.request.duration").description("Time from request to answer")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        TaggedCounters refusals = new TaggedCounters(registry, "audit.agent.refusals",
                "Webhook requests refused with 429 or 503, by reason", "reason");
        for (int status : ANSWERED) {
            requests.get(status);
        }
        IngestListener.refusalReasons().forEach(refusals::get);
        TaggedCounters authFailures = new TaggedCounters(registry, "audit.agent.auth.failures",
                "Webhook requests refused with 401 or 403, by reason", "reason");
        TaggedCounters limitHits = new TaggedCounters(registry, "audit.agent.limit.hits",
                "Webhook connections or requests cut by a listen limit, by limit", "limit");
        recent.track("audit.agent.recent.events", RECENT_EVENTS, Tags.of("stage", "received"), received::count);
        recent.track("audit.agent.recent.refused.requests", "Webhook requests answered with a 4xx or 5xx status"
                + " (any reason) in the last minute or hour (window), from 10-second samples of"
                + " audit_agent_requests_total", Tags.empty(), requests::refused);
        recent.track("audit.agent.recent.auth.failures", "Webhook requests refused with 401 or 403 and failed TLS"
                + " handshakes in the last minute or hour (window), from 10-second samples of"
                + " audit_agent_auth_failures_total", Tags.empty(), authFailures::total);
        return new IngestListener() {
            @Override
            public void request(int status, long nanos) {
                requests.get(status).increment();
                duration.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void eventsReceived(int n) {
                received.increment(n);
            }

            @Override
            public void duplicateBatch() {
                duplicates.increment();
            }

            @Override
            public void refused(String reason) {
                refusals.get(reason).increment();
            }

            @Override
            public void authFailed(String reason) {
                authFailures.get(reason).increment();
            }

            @Override
            public void limitHit(String limit) {
                limitHits.get(limit).increment();
            }
        };
    }

    /** Loads and failed reloads of the webhook's TLS and token files, and the server certificate's expiry. */
    public SecurityListener security() {
        Counter reloads = counter("audit.agent.tls.reloads", "Loads of changed webhook TLS or token files");
        Counter failures = counter("audit.agent.tls.reload.failures",
                "Changed webhook TLS or token files that could not be loaded (the previous ones stay in use)");
        AtomicLong expiry = new AtomicLong();
        Gauge.builder("audit.agent.tls.certificate.expiry.timestamp", expiry, AtomicLong::get)
                .description("Expiry of the webhook's server certificate in use, in seconds since the epoch (0 without TLS)")
                .baseUnit("seconds").register(registry);
        AtomicBoolean first = new AtomicBoolean(true);
        return new SecurityListener() {
            @Override
            public void loaded(Instant serverNotAfter) {
                expiry.set(serverNotAfter == null ? 0 : serverNotAfter.getEpochSecond());
                if (!first.getAndSet(false)) {
                    reloads.increment();
                }
            }

            @Override
            public void reloadFailed(Exception e) {
                failures.increment();
            }
        };
    }

    public JournalListener journal() {
        Timer sync = Timer.builder("audit.agent.journal.sync.duration")
                .description("Time of one group commit force to disk (journal.sync: always)")
                .publishPercentileHistogram().register(registry);
        Counter deleted = counter("audit.agent.journal.cycles.deleted", "Journal roll-cycle files deleted once consumed");
        return new JournalListener() {
            @Override
            public void synced(long nanos, int batches) {
                sync.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void cycleDeleted(Path file) {
                deleted.increment();
            }

            @Override
            public void failure(String operation, Exception e) {
                counter("audit.agent.journal.failures", "Journal operations that failed, by operation",
                        "operation", operation).increment();
                LOG.error("Journal {} failed: {}", operation, e.toString());
            }
        };
    }

    public PolicyListener policy() {
        Counter reloads = counter("audit.agent.policy.reloads", "Audit policy files loaded and put in force");
        Counter failures = counter("audit.agent.policy.reload.failures",
                "Changed audit policy files that could not be used (the previous policy stays in force)");
        Gauge.builder("audit.agent.policy.rules", rules, AtomicInteger::get)
                .description("Rules of the audit policy in force").register(registry);
        return new PolicyListener() {
            @Override
            public void filtered(EventEditor.Drop reason, int events) {
                AgentMetrics.this.filtered.get(reason).increment(events);
            }

            @Override
            public void loaded(Path file, int n) {
                reloads.increment();
                rules.set(n);
            }

            @Override
            public void reloadFailed(Path file, String problems) {
                failures.increment();
                LOG.error("Audit policy '{}' not reloaded, the previous one stays in force: {}", file,
                        problems.replace("\n", "; "));
            }
        };
    }

    public LogWriterListener writer() {
        Counter events = counter("audit.agent.events.written", "Audit events written to audit.log");
        Counter bytes = counter("audit.agent.log.bytes.written", "Bytes written to audit.log");
        Counter failures = counter("audit.agent.log.failures", "Log writer failures, by operation", "operation", "write");
        recent.track("audit.agent.recent.events", RECENT_EVENTS, Tags.of("stage", "written"), events::count);
        Counter tailLost = counter("audit.agent.journal.tail.lost",
                "Start-ups that found the journal ending before the log writer's checkpoint (a power loss took its tail)");
        return new LogWriterListener() {
            @Override
            public void written(int n, long b) {
                events.increment(n);
                bytes.increment(b);
            }

            @Override
            public void tailLost(long checkpointIndex, long journalLastIndex) {
                tailLost.increment();
            }

            @Override
            public void failure(Exception e) {
                failures.increment();
            }
        };
    }

    public LogFileListener logFile() {
        Counter rotations = counter("audit.agent.log.rotations", "Rotations of audit.log");
        Counter oversize = counter("audit.agent.log.oversize.lines",
                "Lines longer than log.maxSize, written alone into a file of their own");
        Counter deletions = counter("audit.agent.log.backups.deleted", "Backups deleted by maxBackup/maxAge retention");
        Set<Path> held = ConcurrentHashMap.newKeySet();
        Gauge.builder("audit.agent.retention.held.segments", held, AgentMetrics::stillHeld)
                .description("Backups past their retention kept because they are not shipped yet").register(registry);
        return new LogFileListener() {
            @Override
            public void rotated(Path backup) {
                rotations.increment();
            }

            @Override
            public void oversizeLine(long b) {
                oversize.increment();
            }

            @Override
            public void deleted(Path backup) {
                deletions.increment();
                held.remove(backup);
            }

            @Override
            public void retentionHeld(Path backup) {
                if (held.add(backup)) {
                    LOG.warn("Retention holds back '{}' until it is shipped", backup);
                }
            }

            @Override
            public void backgroundFailure(String operation, Path path, Exception e) {
                counter("audit.agent.log.failures", "Log writer failures, by operation", "operation", operation)
                        .increment();
                LOG.error("Log {} of '{}' failed: {}", operation, path, e.toString());
            }
        };
    }

    @Override
    public void close() {
        recent.close();
        gc.close();
        registry.close();
    }
}
