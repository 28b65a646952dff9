package dev.kubeaudit.agent.config;

import dev.kubeaudit.agent.journal.DocumentLimit;
import dev.kubeaudit.agent.logging.LoggerNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks each section of the configuration file into its record; cross-key rules
 * (maxInFlightBytes >= maxRequestBytes, maxRequestBytes within what the journal stores in one
 * document at maxEventsPerBatch, TLS files in pairs, compression level by codec, Object
 * Lock mode with days, backoff bounds in order, deleteAfterShip only with a checksum) are reported at the line of the key that breaks them. Stateless.
 */
final class Sections {
    static final List<String> LISTEN = List.of("address", "port", "path", "maxRequestBytes",
            "maxInFlightBytes", "tls", "bearerTokenFile", "allowInsecure", "maxConnections", "idleTimeout",
            "requestTimeout", "maxHeaderBytes", "maxEventsPerBatch", "maxJsonNestingDepth", "maxJsonStringLength",
            "maxJsonNumberLength");
    static final List<String> TLS = List.of("certFile", "keyFile", "clientCAFile", "allowedClientNames");
    static final List<String> JOURNAL = List.of("dir", "maxDiskBytes", "minFreeBytes", "sync", "dedupWindow");
    static final List<String> LOG = List.of("path", "maxAge", "maxBackup", "maxSize", "compress",
            "compression", "compressionLevel", "format", "rotateInterval", "group", "fileMode");
    static final List<String> POLICY = List.of("file");
    static final List<String> SHIP = List.of("destination", "endpoint", "region", "pathStyle",
            "storageClass", "sseKmsKeyId", "objectLock", "concurrency", "checksum", "confirm", "multipartThreshold", "retry",
            "deleteAfterShip", "scanInterval", "ledgerDir", "layout");
    static final List<String> OBJECT_LOCK = List.of("mode", "days");
    static final List<String> RETRY = List.of("minBackoff", "maxBackoff");
    private static final long MIN_PART_BYTES = 5L << 20;
    static final List<String> METRICS = List.of("address", "port");
    static final List<String> INTEGRITY = List.of("enabled", "signingKeyFile", "checkpointInterval");
    static final List<String> LOGGING = List.of("format", "level");
    private static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    private static final String GROUP = "[A-Za-z0-9_][A-Za-z0-9._-]*";
    private static final String BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
    private static final String MAX_SIZE_EXPECTED =
            "an integer >= 0 (MiB; 0 = 100, as in kube-apiserver) or -1 (no size rotation)";

    private Sections() {
    }

    static AgentConfig.Listen listen(Section root, AgentConfig.Listen d) {
        Section s = root.section("listen", LISTEN);
        String address = address(s, d.address());
        int port = s.integer("port", 0, 65535, d.port());
        String path = s.string("path", d.path());
        if (!path.startsWith("/")) {
            s.problem("path", "a URL path starting with /");
            path = d.path();
        }
        long maxRequest = s.bytes("maxRequestBytes", 1, d.maxRequestBytes());
        long maxInFlight = s.bytes("maxInFlightBytes", 1, d.maxInFlightBytes());
        if (maxInFlight < maxRequest) {
            String key = s.has("maxInFlightBytes") ? "maxInFlightBytes" : "maxRequestBytes";
            s.problem(key, "listen.maxInFlightBytes (" + maxInFlight + ") >= listen.maxRequestBytes ("
                    + maxRequest + ")");
        }
        AgentConfig.Tls tls = tls(s, d.tls());
        boolean allowInsecure = s.bool("allowInsecure", d.allowInsecure());
        if (!tls.enabled() && !allowInsecure && !Loopback.is(address)) {
            s.problem("address", "a loopback address (127.0.0.1, ::1, localhost) for plain HTTP: set"
                    + " listen.tls.certFile and keyFile to serve HTTPS here, or listen.allowInsecure: true to accept"
                    + " unauthenticated plain HTTP from the network");
        }
        Path bearerTokenFile = s.path("bearerTokenFile", d.bearerTokenFile());
        AgentConfig.Limits limits = limits(s, d.limits());
        long storable = DocumentLimit.maxRequestBytes(limits.maxEventsPerBatch());
        if (maxRequest > storable) {
            s.problem("maxRequestBytes", "<= " + storable + ", the most the journal can store in one document"
                    + " with listen.maxEventsPerBatch " + limits.maxEventsPerBatch());
        }
        return new AgentConfig.Listen(address, port, path, maxRequest, maxInFlight, tls, bearerTokenFile,
                allowInsecure, limits);
    }

    private static AgentConfig.Limits limits(Section s, AgentConfig.Limits d) {
        return new AgentConfig.Limits(
                s.integer("maxConnections", 1, 1_000_000, d.maxConnections()),
                positive(s, "idleTimeout", d.idleTimeout()),
                positive(s, "requestTimeout", d.requestTimeout()),
                (int) s.bytes("maxHeaderBytes", 1024, Integer.MAX_VALUE, d.maxHeaderBytes()),
                s.integer("maxEventsPerBatch", 1, Integer.MAX_VALUE, d.maxEventsPerBatch()),
                s.integer("maxJsonNestingDepth", 3, 100_000, d.maxJsonNestingDepth()),
                (int) s.bytes("maxJsonStringLength", 1024, Integer.MAX_VALUE, d.maxJsonStringLength()),
                s.integer("maxJsonNumberLength", 20, 100_000, d.maxJsonNumberLength()));
    }

    private static AgentConfig.Tls tls(Section listen, AgentConfig.Tls d) {
        Section s = listen.section("tls", TLS);
        Path cert = s.path("certFile", d.certFile());
        Path key = s.path("keyFile", d.keyFile());
        Path clientCA = s.path("clientCAFile", d.clientCAFile());
        List<String> names = s.strings("allowedClientNames");
        if (cert == null && key != null) {
            s.problem("keyFile", "listen.tls.certFile as well");
        } else if (cert != null && key == null) {
            s.problem("certFile", "listen.tls.keyFile as well");
        }
        if (clientCA != null && cert == null) {
            s.problem("clientCAFile", "listen.tls.certFile and keyFile as well");
        }
        if (!names.isEmpty() && clientCA == null) {
            s.problem("allowedClientNames", "listen.tls.clientCAFile as well");
        }
        return new AgentConfig.Tls(cert, key, clientCA, names);
    }

    static AgentConfig.Journal journal(Section root, AgentConfig.Journal d) {
        Section s = root.section("journal", JOURNAL);
        return new AgentConfig.Journal(s.path("dir", d.dir()), s.bytes("maxDiskBytes", 1, d.maxDiskBytes()),
                s.bytes("minFreeBytes", 0, d.minFreeBytes()), s.choice("sync", AgentConfig.SyncMode.class, d.sync()),
                s.duration("dedupWindow", d.dedupWindow()));
    }

    static AgentConfig.Log log(Section root, AgentConfig.Log d) {
        Section s = root.section("log", LOG);
        Path path = s.path("path", d.path());
        if (path.toString().equals("-")) {
            s.problem("path", "a file path other than \"-\"");
            path = d.path();
        }
        int maxAge = s.integer("maxAge", 0, Integer.MAX_VALUE, d.maxAge());
        int maxBackup = s.integer("maxBackup", 0, Integer.MAX_VALUE, d.maxBackup());
        int maxSize = s.integer("maxSize", AgentConfig.Log.NO_SIZE_ROTATION, Integer.MAX_VALUE, d.maxSize(),
                MAX_SIZE_EXPECTED);
        boolean compress = s.bool("compress", d.compress());
        AgentConfig.Compression compression = s.choice("compression", AgentConfig.Compression.class, d.compression());
        int maxLevel = compression == AgentConfig.Compression.ZSTD ? 22 : 9;
        int level = s.integer("compressionLevel", 1, maxLevel, d.compressionLevel());
        return new AgentConfig.Log(path, maxAge, maxBackup, maxSize, compress, compression, level,
                s.choice("format", AgentConfig.LogFormat.class, d.format()),
                s.duration("rotateInterval", d.rotateInterval()), group(s, d.group()), fileMode(s, d.fileMode()));
    }

    /** log.group: a group name or a numeric gid; whether it exists here is check-config's question. */
    private static String group(Section log, String dflt) {
        String group = log.string("group", dflt);
        if (group != null && !group.matches(GROUP)) {
            log.problem("group", "a group name (letters, digits, '.', '_', '-') or a numeric gid");
            return dflt;
        }
        return group;
    }

    /** log.fileMode: 0600 or 0640, written as octal (quoted or not). */
    private static int fileMode(Section log, int dflt) {
        return log.value("fileMode", dflt, "0600 or 0640", scalar -> switch (scalar.text()) {
            case "0600", "600" -> AgentConfig.Log.OWNER_ONLY;
            case "0640", "640" -> AgentConfig.Log.GROUP_READABLE;
            default -> throw new IllegalArgumentException("not 0600 or 0640");
        });
    }

    static AgentConfig.Policy policy(Section root, AgentConfig.Policy d) {
        return new AgentConfig.Policy(root.section("policy", POLICY).path("file", d.file()));
    }

    static AgentConfig.Ship ship(Section root, AgentConfig.Ship d) {
        Section s = root.section("ship", SHIP);
        String destination = s.string("destination", d.destination());
        if (destination.equalsIgnoreCase(AgentConfig.Ship.NO_DESTINATION)) {
            destination = AgentConfig.Ship.NO_DESTINATION;
        } else if (!validDestination(destination)) {
            s.problem("destination", "file:<dir>, s3://<bucket>[/<prefix>] with a valid bucket name, or none");
            destination = d.destination();
        }
        String endpoint = s.string("endpoint", d.endpoint());
        if (endpoint != null && !validEndpoint(endpoint)) {
            s.problem("endpoint", "an http:// or https:// URL with a host");
            endpoint = d.endpoint();
        }
        AgentConfig.Checksum checksum = s.choice("checksum", AgentConfig.Checksum.class, d.checksum());
        boolean deleteAfterShip = s.bool("deleteAfterShip", d.deleteAfterShip());
        if (deleteAfterShip && checksum == AgentConfig.Checksum.NONE) {
            s.problem("deleteAfterShip", "false when ship.checksum is none (a local copy is deleted only once"
                    + " the store has verified it)");
        }
        return new AgentConfig.Ship(destination, endpoint, s.string("region", d.region()),
                s.bool("pathStyle", d.pathStyle()), s.string("storageClass", d.storageClass()),
                s.string("sseKmsKeyId", d.sseKmsKeyId()), objectLock(s, d.objectLock()),
                s.integer("concurrency", 1, Integer.MAX_VALUE, d.concurrency()), checksum,
                s.choice("confirm", AgentConfig.Confirm.class, d.confirm()),
                multipartThreshold(s, d.multipartThreshold()), retry(s, d.retry()), deleteAfterShip,
                positive(s, "scanInterval", d.scanInterval()), s.path("ledgerDir", d.ledgerDir()),
                s.choice("layout", AgentConfig.Layout.class, d.layout()));
    }

    /** S3 parts are 5 MiB to 5 GiB, and one PutObject takes at most 5 GiB. */
    private static long multipartThreshold(Section ship, long dflt) {
        long threshold = ship.bytes("multipartThreshold", MIN_PART_BYTES, dflt);
        if (threshold > 5L << 30) {
            ship.problem("multipartThreshold", "a byte size from 5Mi to 5Gi");
            return dflt;
        }
        return threshold;
    }

    private static AgentConfig.Retry retry(Section ship, AgentConfig.Retry d) {
        Section s = ship.section("retry", RETRY);
        Duration min = positive(s, "minBackoff", d.minBackoff());
        Duration max = positive(s, "maxBackoff", d.maxBackoff());
        if (max.compareTo(min) < 0) {
            s.problem(s.has("maxBackoff") ? "maxBackoff" : "minBackoff",
                    "ship.retry.maxBackoff >= ship.retry.minBackoff");
            return d;
        }
        return new AgentConfig.Retry(min, max);
    }

    private static Duration positive(Section s, String key, Duration dflt) {
        Duration value = s.duration(key, dflt);
        if (value.isZero() || value.isNegative()) {
            s.problem(key, "a duration > 0, e.g. 500ms or 10s");
            return dflt;
        }
        return value;
    }

    private static AgentConfig.ObjectLock objectLock(Section ship, AgentConfig.ObjectLock d) {
        Section s = ship.section("objectLock", OBJECT_LOCK);
        String mode = s.string("mode", d.mode());
        mode = mode == null ? null : ConfigLoader.upper(mode);
        int days = s.integer("days", 0, 36500, d.days());
        if (mode != null && !mode.equals("GOVERNANCE") && !mode.equals("COMPLIANCE")) {
            s.problem("mode", "GOVERNANCE, COMPLIANCE or empty");
            mode = d.mode();
        } else if (mode != null && days == 0) {
            s.problem("days", "an integer from 1 to 36500 when ship.objectLock.mode is set");
        } else if (mode == null && days > 0) {
            s.problem("days", "0 when ship.objectLock.mode is empty");
        }
        return new AgentConfig.ObjectLock(mode, days);
    }

    /** metrics.*; it cannot share one fixed port on one address with the webhook. */
    static AgentConfig.Metrics metrics(Section root, AgentConfig.Metrics d, AgentConfig.Listen listen) {
        Section s = root.section("metrics", METRICS);
        String address = address(s, d.address());
        int port = s.integer("port", 0, 65535, d.port());
        if (port != 0 && port == listen.port() && address.equals(listen.address())) {
            s.problem(s.has("port") ? "port" : "address", "metrics.port other than listen.port (" + port
                    + ") on the same address");
        }
        return new AgentConfig.Metrics(address, port);
    }

    /** integrity.*; checkpointInterval at least a second (a signature per interval, whatever was shipped). */
    static AgentConfig.Integrity integrity(Section root, AgentConfig.Integrity d) {
        Section s = root.section("integrity", INTEGRITY);
        boolean enabled = s.bool("enabled", d.enabled());
        Path signingKeyFile = s.path("signingKeyFile", d.signingKeyFile());
        Duration interval = s.duration("checkpointInterval", d.checkpointInterval());
        if (interval.compareTo(MIN_CHECKPOINT_INTERVAL) < 0) {
            s.problem("checkpointInterval", "a duration >= 1s, e.g. 30s or 5m");
            interval = d.checkpointInterval();
        }
        return new AgentConfig.Integrity(enabled, signingKeyFile, interval);
    }

    /** logging.*; each logging.level name is root, a component of the agent or a logger name with dots. */
    static AgentConfig.Logging logging(Section root, AgentConfig.Logging d) {
        Section s = root.section("logging", LOGGING);
        Map<String, AgentConfig.Logging.Level> levels = new LinkedHashMap<>(d.levels());
        levels.putAll(s.namedChoices("level", name -> LoggerNames.logger(name).isPresent(), LoggerNames.EXPECTED,
                AgentConfig.Logging.Level.class));
        return new AgentConfig.Logging(s.choice("format", AgentConfig.Logging.Format.class, d.format()), levels);
    }

    private static String address(Section s, String dflt) {
        String address = s.string("address", dflt);
        if (address.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            s.problem("address", "a host name or IP address");
            return dflt;
        }
        return address;
    }

    private static boolean validDestination(String destination) {
        if (destination.startsWith("file:")) {
            return destination.length() > "file:".length();
        }
        if (!destination.startsWith("s3://")) {
            return false;
        }
        String rest = destination.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        return bucket.matches(BUCKET) && !bucket.contains("..");
    }

    private static boolean validEndpoint(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
