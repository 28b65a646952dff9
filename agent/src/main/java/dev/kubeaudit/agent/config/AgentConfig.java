package dev.kubeaudit.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole agent configuration, immutable. Built by {@link ConfigLoader} from YAML plus the
 * kube-apiserver style command-line flags; every key has a default (see {@link #defaults()}).
 */
public record AgentConfig(
        String cluster,
        String node,
        Listen listen,
        Journal journal,
        Log log,
        Policy policy,
        Ship ship,
        Metrics metrics,
        Integrity integrity,
        Logging logging,
        List<Forward> forward) {

    public AgentConfig {
        forward = List.copyOf(forward);
    }

    /** Without forwarding destinations. */
    public AgentConfig(String cluster, String node, Listen listen, Journal journal, Log log, Policy policy, Ship ship,
                       Metrics metrics, Integrity integrity, Logging logging) {
        this(cluster, node, listen, journal, log, policy, ship, metrics, integrity, logging, List.of());
    }

    /** With the default logging.* (text lines, root at info). */
    public AgentConfig(String cluster, String node, Listen listen, Journal journal, Log log, Policy policy, Ship ship,
                       Metrics metrics, Integrity integrity) {
        this(cluster, node, listen, journal, log, policy, ship, metrics, integrity, Logging.DEFAULTS);
    }

    public enum SyncMode { NONE, ALWAYS }

    public enum Compression { GZIP, ZSTD }

    public enum LogFormat { JSON, LEGACY }

    /** How an upload's integrity is proven to the store: x-amz-checksum-sha256, Content-MD5, or not at all. */
    public enum Checksum { SHA256, MD5, NONE }

    /**
     * How an upload is confirmed after the store answered it: AUTO = HeadObject (size, and the
     * stored checksum or MD5 ETag), reading the object back where HEAD proves nothing; HEAD = size
     * plus whatever HEAD gives; READ = always read back.
     */
    public enum Confirm { AUTO, HEAD, READ }

    /**
     * Where segments and integrity objects sit in the archive: DEFAULT =
     * {@code <cluster>/<node>/<yyyy>/<MM>/<dd>/<backup>}; HIVE =
     * {@code cluster=<cluster>/dt=<yyyy-MM-dd>/<node>_<backup>}, integrity objects under
     * {@code _integrity/} (see {@code dev.kubeaudit.agent.archive.ArchiveLayout}).
     */
    public enum Layout { DEFAULT, HIVE }

    /**
     * listen.*: the webhook endpoint. {@code allowInsecure} permits plain HTTP on an address other
     * than loopback; {@code limits} are the connection and parser limits.
     */
    public record Listen(String address, int port, String path, long maxRequestBytes,
                         long maxInFlightBytes, Tls tls, Path bearerTokenFile, boolean allowInsecure, Limits limits) {
        /** Without allowInsecure and with the default limits. */
        public Listen(String address, int port, String path, long maxRequestBytes, long maxInFlightBytes, Tls tls,
                      Path bearerTokenFile) {
            this(address, port, path, maxRequestBytes, maxInFlightBytes, tls, bearerTokenFile, false, Limits.DEFAULTS);
        }
    }

    /**
     * listen.max*, listen.*Timeout: connection and parser limits of the webhook. String lengths are
     * bytes as written; the JSON document length is listen.maxRequestBytes.
     */
    public record Limits(int maxConnections, Duration idleTimeout, Duration requestTimeout, int maxHeaderBytes,
                         int maxEventsPerBatch, int maxJsonNestingDepth, int maxJsonStringLength,
                         int maxJsonNumberLength) {
        public static final Limits DEFAULTS = new Limits(256, Duration.ofMinutes(2), Duration.ofSeconds(30), 16 << 10,
                10_000, 1000, 16 << 20, 1000);
    }

    /** listen.tls.*: all empty means plain HTTP. */
    public record Tls(Path certFile, Path keyFile, Path clientCAFile, List<String> allowedClientNames) {
        public boolean enabled() {
            return certFile != null;
        }
    }

    /** journal.*: the durable queue between ingest and the log writer. */
    public record Journal(Path dir, long maxDiskBytes, long minFreeBytes, SyncMode sync, Duration dedupWindow) {
    }

    /**
     * log.*: audit.log and its rotation; names and units as kube-apiserver's --audit-log-* flags
     * (maxSize in MiB, maxAge in days; 0 = no limit for maxAge and maxBackup). maxSize 0 means what
     * it means to kube-apiserver's log backend (lumberjack): its default of 100 MiB;
     * {@link #NO_SIZE_ROTATION} turns size rotation off. rotateInterval 0 = off. fileMode is the mode of
     * audit.log and every backup, {@link #OWNER_ONLY} or {@link #GROUP_READABLE}; group (null = none) the
     * group they are given, a name or a numeric gid.
     */
    public record Log(Path path, int maxAge, int maxBackup, int maxSize, boolean compress,
                      Compression compression, int compressionLevel, LogFormat format, Duration rotateInterval,
                      String group, int fileMode) {
        /** fileMode 0600: only the agent's user reads the log. */
        public static final int OWNER_ONLY = 0600;
        /** fileMode 0640: the file's group reads it too. */
        public static final int GROUP_READABLE = 0640;

        /** Owner-only files, no group. */
        public Log(Path path, int maxAge, int maxBackup, int maxSize, boolean compress, Compression compression,
                   int compressionLevel, LogFormat format, Duration rotateInterval) {
            this(path, maxAge, maxBackup, maxSize, compress, compression, compressionLevel, format, rotateInterval,
                    null, OWNER_ONLY);
        }

        /**
         * maxSize that turns size rotation off. Beyond kube-apiserver, which refuses a negative
         * --audit-log-maxsize, so no value copied from an apiserver manifest can mean it.
         */
        public static final int NO_SIZE_ROTATION = -1;
        /** The size lumberjack rotates at when maxSize is 0, in MiB. */
        public static final int LUMBERJACK_DEFAULT_MAX_SIZE = 100;

        /** maxSize as the log file takes it: bytes (MiB × 1,048,576), 0 read as 100 MiB, 0 (no limit) for -1. */
        public long maxSizeBytes() {
            if (maxSize == NO_SIZE_ROTATION) {
                return 0;
            }
            return (long) (maxSize == 0 ? LUMBERJACK_DEFAULT_MAX_SIZE : maxSize) << 20;
        }
    }

    /** policy.*: optional agent-side audit Policy file; null = keep every event. */
    public record Policy(Path file) {
    }

    /**
     * ship.*: where rotated segments go; destination {@value #NO_DESTINATION} ships nothing, and
     * retention then deletes by maxBackup and maxAge alone. ledgerDir null = journal.dir (the agent's
     * state directory, also in standalone mode); multipartThreshold in bytes; layout: the archive's
     * key layout.
     */
    public record Ship(String destination, String endpoint, String region, boolean pathStyle,
                       String storageClass, String sseKmsKeyId, ObjectLock objectLock, int concurrency,
                       Checksum checksum, Confirm confirm, long multipartThreshold, Retry retry, boolean deleteAfterShip,
                       Duration scanInterval, Path ledgerDir, Layout layout) {
        /** The destination that turns shipping off. */
        public static final String NO_DESTINATION = "none";

        /** False when destination is {@value #NO_DESTINATION}. */
        public boolean enabled() {
            return !NO_DESTINATION.equals(destination);
        }
    }

    /** ship.retry.*: exponential backoff with full jitter between minBackoff and maxBackoff, forever. */
    public record Retry(Duration minBackoff, Duration maxBackoff) {
    }

    /** ship.objectLock.*: mode null = no Object Lock. */
    public record ObjectLock(String mode, int days) {
    }

    /** metrics.*: /metrics, /healthz and /readyz. */
    public record Metrics(String address, int port) {
    }

    /**
     * integrity.*: signed manifests, the hash chain and signed checkpoints of the archive, and the
     * declared gaps they record. {@code enabled} false only to measure their cost; signingKeyFile
     * null = the agent's own key under its state directory; checkpointInterval > 0 (at least 1 s).
     */
    public record Integrity(boolean enabled, Path signingKeyFile, Duration checkpointInterval) {
    }

    /**
     * logging.*: the agent's own log on standard error (never audit.log). format: text or JSON lines;
     * levels: logging.level as written (root, a component such as ingest, or a logger name with dots),
     * applied over the built-in ones (root info; Chronicle Queue, the AWS SDK and its HTTP client warn).
     */
    public record Logging(Format format, Map<String, Level> levels) {
        public enum Format { TEXT, JSON }

        public enum Level { TRACE, DEBUG, INFO, WARN, ERROR, OFF }

        /** Text lines, root at info. */
        public static final Logging DEFAULTS = new Logging(Format.TEXT, Map.of("root", Level.INFO));

        public Logging {
            levels = Map.copyOf(levels);
        }

        public Logging withFormat(Format other) {
            return new Logging(other, levels);
        }

        /** These levels with {@code name} set to {@code level}. */
        public Logging withLevel(String name, Level level) {
            Map<String, Level> all = new LinkedHashMap<>(levels);
            all.put(name, level);
            return new Logging(format, all);
        }
    }

    /**
     * forward[]: one destination the journaled events are forwarded to besides audit.log, exactly one
     * of {@code webhook} and {@code kafka} set. Its backlog is bounded by {@code maxBacklogBytes}
     * and/or {@code maxBacklogAge} (0 / ZERO = not by that); {@code onOverflow} says what happens past
     * it. Batches hold at most {@code maxBatchEvents} events and {@code maxBatchBytes} line bytes.
     */
    public record Forward(String name, Webhook webhook, Kafka kafka, long maxBacklogBytes, Duration maxBacklogAge,
                          Overflow onOverflow, int maxBatchEvents, long maxBatchBytes) {
        public static final int DEFAULT_MAX_BATCH_EVENTS = 400;
        public static final long DEFAULT_MAX_BATCH_BYTES = 4L << 20;
        public static final long DEFAULT_MAX_BACKLOG_BYTES = 1L << 30;

        /** skip: declared behind and skipped ahead, never a 429; block: 429 to kube-apiserver instead. */
        public enum Overflow { SKIP, BLOCK }
    }

    /**
     * forward[].webhook: the destination described by a kubeconfig file as kube-apiserver's webhook
     * reads it, and the most one request may take.
     */
    public record Webhook(Path kubeconfig, Duration timeout) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

        public Webhook(Path kubeconfig) {
            this(kubeconfig, DEFAULT_TIMEOUT);
        }
    }

    /** forward[].kafka: the topic, the client's compression and further producer properties (SASL, SSL, …). */
    public record Kafka(String bootstrapServers, String topic, String compression, Map<String, String> properties) {
        public Kafka {
            properties = Map.copyOf(properties);
        }
    }

    /** Every default, as documented in README.md and config/agent.yaml; node from the kernel host name. */
    public static AgentConfig defaults() {
        return new AgentConfig(
                "default",
                HostName.kernelHostName(),
                new Listen("127.0.0.1", 7777, "/", 64L << 20, 256L << 20,
                        new Tls(null, null, null, List.of()), null, false, Limits.DEFAULTS),
                new Journal(Path.of("data", "journal"), 10L << 30, 1L << 30, SyncMode.NONE, Duration.ofMinutes(10)),
                new Log(Path.of("data", "audit.log"), 366, 100, 100, false,
                        Compression.GZIP, 1, LogFormat.JSON, Duration.ZERO),
                new Policy(null),
                new Ship("file:./data/archive", null, "us-east-1", false, null, null,
                        new ObjectLock(null, 0), 2, Checksum.SHA256, Confirm.AUTO, 5L << 30,
                        new Retry(Duration.ofSeconds(1), Duration.ofMinutes(5)), false, Duration.ofSeconds(10), null,
                        Layout.DEFAULT),
                new Metrics("127.0.0.1", 9102),
                new Integrity(true, null, Duration.ofMinutes(5)),
                Logging.DEFAULTS,
                List.of());
    }
}
