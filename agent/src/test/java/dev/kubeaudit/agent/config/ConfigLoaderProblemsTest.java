package dev.kubeaudit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.logging.LoggerNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderProblemsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("cluster: a/b", "1: cluster: a/b (expected: a name of letters, digits, '.', '_' or '-')"),
                bad("node: my node", "1: node: my node (expected: a name of letters, digits, '.', '_' or '-')"),
                bad("listen:\n  address: 10.0.0.0/8", "2: listen.address: 10.0.0.0/8 (expected: a host name or IP address)"),
                bad("listen:\n  port: 70000", "2: listen.port: 70000 (expected: an integer from 0 to 65535)"),
                bad("listen:\n  port: http", "2: listen.port: http (expected: an integer from 0 to 65535)"),
                bad("listen:\n  port: 77.5", "2: listen.port: 77.5 (expected: an integer from 0 to 65535)"),
                bad("listen:\n  path: webhook", "2: listen.path: webhook (expected: a URL path starting with /)"),
                bad("listen:\n  maxRequestBytes: 0", "2: listen.maxRequestBytes: 0 (expected: a byte size >= 1, e.g. 1048576 or 1Mi)"),
                bad("listen:\n  maxRequestBytes: 64MB", "2: listen.maxRequestBytes: 64MB (expected: a byte size >= 1, e.g. 1048576 or 1Mi)"),
                bad("listen:\n  maxRequestBytes: 128Mi", "2: listen.maxRequestBytes: 128Mi (expected: <= 133677683, the most the journal can store in one document with listen.maxEventsPerBatch 10000)"),
                bad("listen:\n  maxEventsPerBatch: 2147483647", "1: listen.maxRequestBytes: (not set) (expected: <= 54572057, the most the journal can store in one document with listen.maxEventsPerBatch 2147483647)"),
                bad("listen:\n  maxInFlightBytes: 1Mi", "2: listen.maxInFlightBytes: 1Mi (expected: listen.maxInFlightBytes (1048576) >= listen.maxRequestBytes (67108864))"),
                bad("listen:\n  tls:\n    certFile: cert.pem", "3: listen.tls.certFile: cert.pem (expected: listen.tls.keyFile as well)"),
                bad("listen:\n  tls:\n    keyFile: key.pem", "3: listen.tls.keyFile: key.pem (expected: listen.tls.certFile as well)"),
                bad("listen:\n  tls:\n    clientCAFile: ca.pem", "3: listen.tls.clientCAFile: ca.pem (expected: listen.tls.certFile and keyFile as well)"),
                bad("listen:\n  tls:\n    allowedClientNames: kube-apiserver", "3: listen.tls.allowedClientNames: kube-apiserver (expected: a list of strings)"),
                bad("listen:\n  tls:\n    allowedClientNames: [a]", "3: listen.tls.allowedClientNames: a list (expected: listen.tls.clientCAFile as well)"),
                bad("listen:\n  tls:\n    certFile: c.pem\n    keyFile: k.pem\n    clientCAFile: ca.pem\n"
                        + "    allowedClientNames:\n      - a\n      - {b: c}", "8: listen.tls.allowedClientNames[1]: a map (expected: a non-empty string)"),
                bad("listen:\n  bearerTokenFile: [a]", "2: listen.bearerTokenFile: a list (expected: a file path)"),
                bad("listen:\n  address: 0.0.0.0", "2: listen.address: 0.0.0.0 (expected: a loopback address (127.0.0.1, ::1, localhost) for plain HTTP: set listen.tls.certFile and keyFile to serve HTTPS here, or listen.allowInsecure: true to accept unauthenticated plain HTTP from the network)"),
                bad("listen:\n  address: 10.1.2.3\n  bearerTokenFile: t", "2: listen.address: 10.1.2.3 (expected: a loopback address (127.0.0.1, ::1, localhost) for plain HTTP: set listen.tls.certFile and keyFile to serve HTTPS here, or listen.allowInsecure: true to accept unauthenticated plain HTTP from the network)"),
                bad("listen:\n  address: \"::\"", "2: listen.address: :: (expected: a loopback address (127.0.0.1, ::1, localhost) for plain HTTP: set listen.tls.certFile and keyFile to serve HTTPS here, or listen.allowInsecure: true to accept unauthenticated plain HTTP from the network)"),
                bad("listen:\n  address: audit.example.com", "2: listen.address: audit.example.com (expected: a loopback address (127.0.0.1, ::1, localhost) for plain HTTP: set listen.tls.certFile and keyFile to serve HTTPS here, or listen.allowInsecure: true to accept unauthenticated plain HTTP from the network)"),
                bad("listen:\n  allowInsecure: maybe", "2: listen.allowInsecure: maybe (expected: true or false)"),
                bad("listen:\n  maxConnections: 0", "2: listen.maxConnections: 0 (expected: an integer from 1 to 1000000)"),
                bad("listen:\n  idleTimeout: 0", "2: listen.idleTimeout: 0 (expected: a duration > 0, e.g. 500ms or 10s)"),
                bad("listen:\n  requestTimeout: soon", "2: listen.requestTimeout: soon (expected: " + GoDuration.EXPECTED + ")"),
                bad("listen:\n  maxHeaderBytes: 100", "2: listen.maxHeaderBytes: 100 (expected: a byte size >= 1024, e.g. 16Ki)"),
                bad("listen:\n  maxEventsPerBatch: 0", "2: listen.maxEventsPerBatch: 0 (expected: an integer >= 1)"),
                bad("listen:\n  maxJsonNestingDepth: 2", "2: listen.maxJsonNestingDepth: 2 (expected: an integer from 3 to 100000)"),
                bad("listen:\n  maxJsonStringLength: 3Gi", "2: listen.maxJsonStringLength: 3Gi (expected: a byte size >= 1024, e.g. 16Ki)"),
                bad("listen:\n  maxJsonNumberLength: 5", "2: listen.maxJsonNumberLength: 5 (expected: an integer from 20 to 100000)"),
                bad("journal:\n  maxDiskBytes: -1", "2: journal.maxDiskBytes: -1 (expected: a byte size >= 1, e.g. 1048576 or 1Mi)"),
                bad("journal:\n  minFreeBytes: 1Pi", "2: journal.minFreeBytes: 1Pi (expected: a byte size >= 0, e.g. 1048576 or 1Mi)"),
                bad("journal:\n  sync: sometimes", "2: journal.sync: sometimes (expected: none or always)"),
                bad("journal:\n  dedupWindow: 10", "2: journal.dedupWindow: 10 (expected: " + GoDuration.EXPECTED + ")"),
                bad("log:\n  path: \"-\"", "2: log.path: - (expected: a file path other than \"-\")"),
                bad("log:\n  maxAge: -1", "2: log.maxAge: -1 (expected: an integer >= 0)"),
                bad("log:\n  maxBackup: -1", "2: log.maxBackup: -1 (expected: an integer >= 0)"),
                bad("log:\n  maxSize: 1.5", "2: log.maxSize: 1.5 (expected: an integer >= 0 (MiB; 0 = 100, as in kube-apiserver) or -1 (no size rotation))"),
                bad("log:\n  maxSize: \"100\"", "2: log.maxSize: 100 (expected: an integer >= 0 (MiB; 0 = 100, as in kube-apiserver) or -1 (no size rotation))"),
                bad("log:\n  maxSize: -2", "2: log.maxSize: -2 (expected: an integer >= 0 (MiB; 0 = 100, as in kube-apiserver) or -1 (no size rotation))"),
                bad("log:\n  compress: yes", "2: log.compress: yes (expected: true or false)"),
                bad("log:\n  compress: \"\"", "2: log.compress: \"\" (expected: true or false)"),
                bad("log:\n  compression: lz4", "2: log.compression: lz4 (expected: gzip or zstd)"),
                bad("log:\n  compressionLevel: 10", "2: log.compressionLevel: 10 (expected: an integer from 1 to 9)"),
                bad("log:\n  compression: zstd\n  compressionLevel: 23", "3: log.compressionLevel: 23 (expected: an integer from 1 to 22)"),
                bad("log:\n  format: xml", "2: log.format: xml (expected: json or legacy)"),
                bad("log:\n  rotateInterval: -1h", "2: log.rotateInterval: -1h (expected: " + GoDuration.EXPECTED + ")"),
                bad("policy: audit-policy.yaml", "1: policy: audit-policy.yaml (expected: a map with keys: file)"),
                bad("ship:\n  destination: ftp://archive", "2: ship.destination: ftp://archive (expected: file:<dir>, s3://<bucket>[/<prefix>] with a valid bucket name, or none)"),
                bad("ship:\n  destination: s3://Audit_Logs/x", "2: ship.destination: s3://Audit_Logs/x (expected: file:<dir>, s3://<bucket>[/<prefix>] with a valid bucket name, or none)"),
                bad("ship:\n  endpoint: minio:9000", "2: ship.endpoint: minio:9000 (expected: an http:// or https:// URL with a host)"),
                bad("ship:\n  pathStyle: 1", "2: ship.pathStyle: 1 (expected: true or false)"),
                bad("ship:\n  concurrency: 0", "2: ship.concurrency: 0 (expected: an integer >= 1)"),
                bad("ship:\n  objectLock:\n    mode: strict\n    days: 1", "3: ship.objectLock.mode: strict (expected: GOVERNANCE, COMPLIANCE or empty)"),
                bad("ship:\n  objectLock:\n    mode: compliance", "2: ship.objectLock.days: (not set) (expected: an integer from 1 to 36500 when ship.objectLock.mode is set)"),
                bad("ship:\n  objectLock:\n    days: 30", "3: ship.objectLock.days: 30 (expected: 0 when ship.objectLock.mode is empty)"),
                bad("ship:\n  checksum: crc32", "2: ship.checksum: crc32 (expected: sha256 or md5 or none)"),
                bad("ship:\n  confirm: never", "2: ship.confirm: never (expected: auto or head or read)"),
                bad("ship:\n  checksum: none\n  deleteAfterShip: true", "3: ship.deleteAfterShip: true (expected: false when ship.checksum is none (a local copy is deleted only once the store has verified it))"),
                bad("ship:\n  multipartThreshold: 1Mi", "2: ship.multipartThreshold: 1Mi (expected: a byte size >= 5242880, e.g. 1048576 or 1Mi)"),
                bad("ship:\n  multipartThreshold: 6Gi", "2: ship.multipartThreshold: 6Gi (expected: a byte size from 5Mi to 5Gi)"),
                bad("ship:\n  scanInterval: 0", "2: ship.scanInterval: 0 (expected: a duration > 0, e.g. 500ms or 10s)"),
                bad("ship:\n  retry:\n    minBackoff: 10s\n    maxBackoff: 1s", "4: ship.retry.maxBackoff: 1s (expected: ship.retry.maxBackoff >= ship.retry.minBackoff)"),
                bad("metrics:\n  port: 7777", "2: metrics.port: 7777 (expected: metrics.port other than listen.port (7777) on the same address)"),
                bad("metrics:\n  port: -1", "2: metrics.port: -1 (expected: an integer from 0 to 65535)"),
                bad("integrity:\n  enabled: off", "2: integrity.enabled: off (expected: true or false)"),
                bad("integrity:\n  signingKeyFile: [a.key]", "2: integrity.signingKeyFile: a list (expected: a file path)"),
                bad("integrity:\n  checkpointInterval: 0", "2: integrity.checkpointInterval: 0 (expected: a duration >= 1s, e.g. 30s or 5m)"),
                bad("integrity:\n  checkpointInterval: 999ms", "2: integrity.checkpointInterval: 999ms (expected: a duration >= 1s, e.g. 30s or 5m)"),
                bad("integrity:\n  checkpointInterval: 5", "2: integrity.checkpointInterval: 5 (expected: " + GoDuration.EXPECTED + ")"),
                bad("integrity:\n  checkpointInterval: -5m", "2: integrity.checkpointInterval: -5m (expected: " + GoDuration.EXPECTED + ")"),
                bad("integrity:\n  interval: 5m", "2: integrity.interval: unknown key (expected one of: enabled, signingKeyFile, checkpointInterval)"),
                bad("integrity: true", "1: integrity: true (expected: a map with keys: enabled, signingKeyFile, checkpointInterval)"),
                bad("listen:\n  prot: 80", "2: listen.prot: unknown key (expected one of: address, port, path, maxRequestBytes, maxInFlightBytes, tls, bearerTokenFile, allowInsecure, maxConnections, idleTimeout, requestTimeout, maxHeaderBytes, maxEventsPerBatch, maxJsonNestingDepth, maxJsonStringLength, maxJsonNumberLength)"),
                bad("logs: {}", "1: logs: unknown key (expected one of: cluster, node, listen, journal, log, policy, ship, metrics, integrity,"
                        + " logging, forward)"),
                bad("log:\n  maxage: 3", "2: log.maxage: unknown key (expected one of: path, maxAge, maxBackup, maxSize, compress, compression, compressionLevel, format, rotateInterval, group, fileMode)"),
                bad("log:\n  maxAge: 3\n  maxAge: 4", "3: log.maxAge: duplicate key (first given on line 2)"),
                bad("- a\n- b", "1: (document): a list (expected: a map with keys: cluster, node, listen, journal, log, policy, ship, metrics, integrity,"
                        + " logging, forward)"),
                bad("logging:\n  level:\n    root: info\n    ingset: debug", "4: logging.level.ingset: unknown name (expected: "
                        + LoggerNames.EXPECTED + ")"),
                bad("logging:\n  level:\n    my logger: info", "3: logging.level.my logger: unknown name (expected: "
                        + LoggerNames.EXPECTED + ")"),
                bad("logging:\n  level:\n    ingest: verbose", "3: logging.level.ingest: verbose (expected: trace or debug or"
                        + " info or warn or error or off)"),
                bad("logging:\n  level: debug", "2: logging.level: debug (expected: a map of names to values)"),
                bad("logging:\n  format: xml", "2: logging.format: xml (expected: text or json)"),
                bad("a: b\n  c: d: e", "2: invalid YAML: mapping values are not allowed here"),
                bad("cluster: a\n---\ncluster: b", "3: invalid YAML: a second YAML document (expected: exactly one)"));
    }

    private static Arguments bad(String yaml, String problemAfterFileName) {
        return Arguments.of(yaml, problemAfterFileName);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badValues")
    void reportsTheBadValueWithFileLineKeyAndExpectation(String yaml, String problem) throws IOException {
        Path file = write(yaml);
        assertThat(problems(file, List.of())).containsExactly(file + ":" + problem);
    }

    /** The bounds worked out by hand from the document layout: v1beta1 bodies of the smallest items are the worst. */
    @ParameterizedTest
    @CsvSource({"1, 134217603", "400, 134196083", "10000, 133677683", "2147483647, 54572057"})
    void maxRequestBytesIsAtMostWhatTheJournalCanStoreInOneDocument(int maxEvents, long bound) throws Exception {
        Path file = write("listen:\n  maxRequestBytes: " + bound + "\n  maxEventsPerBatch: " + maxEvents + "\n");
        assertThat(ConfigLoader.load(file, List.of()).listen().maxRequestBytes()).isEqualTo(bound);
        write("listen:\n  maxRequestBytes: " + (bound + 1) + "\n  maxEventsPerBatch: " + maxEvents + "\n");
        assertThat(problems(file, List.of())).containsExactly(file + ":2: listen.maxRequestBytes: " + (bound + 1)
                + " (expected: <= " + bound + ", the most the journal can store in one document with"
                + " listen.maxEventsPerBatch " + maxEvents + ")");
    }

    @Test
    void reportsEveryProblemAtOnceInLineOrder() throws IOException {
        Path file = write(String.join("\n",
                "cluster: prod",
                "listen:",
                "  prot: 80",
                "  port: 99999",
                "log:",
                "  maxBackup: -1",
                "  format: text",
                "ship:",
                "  concurrency: 0",
                ""));
        assertThat(problems(file, List.of("--audit-log-maxage=-1"))).containsExactly(
                file + ":3: listen.prot: unknown key (expected one of: address, port, path, maxRequestBytes, "
                        + "maxInFlightBytes, tls, bearerTokenFile, allowInsecure, maxConnections, idleTimeout, requestTimeout, maxHeaderBytes, maxEventsPerBatch, maxJsonNestingDepth, maxJsonStringLength, maxJsonNumberLength)",
                file + ":4: listen.port: 99999 (expected: an integer from 0 to 65535)",
                file + ":6: log.maxBackup: -1 (expected: an integer >= 0)",
                file + ":7: log.format: text (expected: json or legacy)",
                file + ":9: ship.concurrency: 0 (expected: an integer >= 1)",
                "--audit-log-maxage: -1 (expected: an integer >= 0)");
    }

    @Test
    void theExceptionMessageIsEveryProblemOnePerLine() throws IOException {
        Path file = write("log:\n  maxAge: -1\n  maxSize: x\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":2: log.maxAge: -1 (expected: an integer >= 0)\n"
                        + file + ":3: log.maxSize: x (expected: an integer >= 0 (MiB; 0 = 100, as in kube-apiserver) or -1 (no size rotation))");
    }

    @Test
    void aMissingFileIsOneProblemNamingThePath() {
        Path missing = dir.resolve("nope.yaml");
        assertThat(problems(missing, List.of("--audit-log-maxage=5")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(missing + ": config file not found");
    }

    @Test
    void aDirectoryInsteadOfAFileIsReportedWithItsPath() {
        assertThat(problems(dir, List.of()))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(dir + ": cannot read config file: ");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), yaml);
    }

    static List<String> problems(Path file, List<String> flags) {
        try {
            ConfigLoader.load(file, flags);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException for " + file + " with " + flags);
    }
}
