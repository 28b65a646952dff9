package dev.kubeaudit.agent.config;

import static dev.kubeaudit.agent.config.ConfigLoaderProblemsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void noFileAndNoFlagsGiveTheDefaults() throws ConfigException {
        assertThat(ConfigLoader.load(null, List.of())).isEqualTo(AgentConfig.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# only a comment\n", "---\n", "~\n", "listen:\nlog: ~\nship: {}\nnode: \"\"\n"})
    void emptyFilesAndEmptySectionsGiveTheDefaults(String yaml) throws Exception {
        assertThat(ConfigLoader.load(write(yaml), List.of())).isEqualTo(AgentConfig.defaults());
    }

    @Test
    void theDefaultsAreKubeApiserversAndTheDesigns() {
        AgentConfig d = AgentConfig.defaults();
        assertThat(d.log()).isEqualTo(new AgentConfig.Log(Path.of("data/audit.log"), 366, 100, 100, false,
                AgentConfig.Compression.GZIP, 1, AgentConfig.LogFormat.JSON, Duration.ZERO));
        assertThat(d.node()).isNotBlank();
        assertThat(d.integrity()).isEqualTo(new AgentConfig.Integrity(true, null, Duration.ofMinutes(5)));
    }

    @Test
    void readsEveryKey() throws Exception {
        Path file = write(String.join("\n",
                "cluster: prod-eu",
                "node: cp-1",
                "listen: {address: 0.0.0.0, port: 8443, path: /audit, maxRequestBytes: 1Mi, maxInFlightBytes: 3Mi,",
                "         tls: {certFile: tls/cert.pem, keyFile: tls/key.pem, clientCAFile: /etc/ca.pem,",
                "               allowedClientNames: [kube-apiserver, other]}, bearerTokenFile: token,",
                "         allowInsecure: true, maxConnections: 10, idleTimeout: 1m, requestTimeout: 5s, maxHeaderBytes: 8Ki,",
                "         maxEventsPerBatch: 400, maxJsonNestingDepth: 64, maxJsonStringLength: 1Mi, maxJsonNumberLength: 50}",
                "journal: {dir: /var/lib/audit/journal, maxDiskBytes: 2Gi, minFreeBytes: 0, sync: ALWAYS, dedupWindow: 1h30m}",
                "log: {path: /var/log/audit.log, maxAge: 0, maxBackup: 7, maxSize: 10, compress: true,",
                "      compression: Zstd, compressionLevel: 19, format: Legacy, rotateInterval: 5m}",
                "policy: {file: policy.yaml}",
                "ship: {destination: s3://audit-bucket/k8s, endpoint: 'https://minio.local:9000', region: eu-west-1,",
                "       pathStyle: true, storageClass: STANDARD_IA, sseKmsKeyId: alias/audit,",
                "       objectLock: {mode: governance, days: 30}, concurrency: 4, checksum: MD5,",
                "       confirm: Read,",
                "       multipartThreshold: 64Mi, retry: {minBackoff: 200ms, maxBackoff: 2s}, deleteAfterShip: true,",
                "       scanInterval: 1m, ledgerDir: /var/lib/audit/ship, layout: Hive}",
                "metrics: {address: 0.0.0.0, port: 9100}",
                "integrity: {enabled: false, signingKeyFile: /etc/audit/signing.key, checkpointInterval: 90s}",
                ""));
        assertThat(ConfigLoader.load(file, List.of())).isEqualTo(new AgentConfig("prod-eu", "cp-1",
                new AgentConfig.Listen("0.0.0.0", 8443, "/audit", 1 << 20, 3 << 20,
                        new AgentConfig.Tls(Path.of("tls/cert.pem"), Path.of("tls/key.pem"), Path.of("/etc/ca.pem"),
                                List.of("kube-apiserver", "other")), Path.of("token"), true,
                        new AgentConfig.Limits(10, Duration.ofMinutes(1), Duration.ofSeconds(5), 8 << 10, 400, 64,
                                1 << 20, 50)),
                new AgentConfig.Journal(Path.of("/var/lib/audit/journal"), 2L << 30, 0,
                        AgentConfig.SyncMode.ALWAYS, Duration.ofMinutes(90)),
                new AgentConfig.Log(Path.of("/var/log/audit.log"), 0, 7, 10, true, AgentConfig.Compression.ZSTD, 19,
                        AgentConfig.LogFormat.LEGACY, Duration.ofMinutes(5)),
                new AgentConfig.Policy(Path.of("policy.yaml")),
                new AgentConfig.Ship("s3://audit-bucket/k8s", "https://minio.local:9000", "eu-west-1", true,
                        "STANDARD_IA", "alias/audit", new AgentConfig.ObjectLock("GOVERNANCE", 30), 4,
                        AgentConfig.Checksum.MD5, AgentConfig.Confirm.READ, 64L << 20,
                        new AgentConfig.Retry(Duration.ofMillis(200), Duration.ofSeconds(2)), true,
                        Duration.ofMinutes(1), Path.of("/var/lib/audit/ship"), AgentConfig.Layout.HIVE),
                new AgentConfig.Metrics("0.0.0.0", 9100),
                new AgentConfig.Integrity(false, Path.of("/etc/audit/signing.key"), Duration.ofSeconds(90))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LocalHost", "::1", "\"[::1]\"", "0:0:0:0:0:0:0:1"})
    void plainHttpIsFineOnLoopback(String address) throws Exception {
        assertThat(ConfigLoader.load(write("listen:\n  address: " + address + "\n"), List.of()).listen().tls().enabled())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"listen: {address: 0.0.0.0, allowInsecure: true}",
            "listen: {address: 10.0.0.5, tls: {certFile: c.pem, keyFile: k.pem}}"})
    void otherAddressesNeedTlsOrAllowInsecure(String yaml) throws Exception {
        assertThat(ConfigLoader.load(write(yaml + "\n"), List.of()).listen().address()).isNotEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "none                 | none                 | false",
            "NONE                 | none                 | false",
            "file:/srv/archive    | file:/srv/archive    | true",
            "s3://audit-logs/prod | s3://audit-logs/prod | true"})
    void shipDestinationNoneTurnsShippingOff(String written, String destination, boolean enabled) throws Exception {
        AgentConfig.Ship ship = ConfigLoader.load(write("ship:\n  destination: " + written + "\n"), List.of()).ship();
        assertThat(ship.destination()).isEqualTo(destination);
        assertThat(ship.enabled()).isEqualTo(enabled);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "integrity: {}                                      | true  |           | PT5M",
            "integrity: {enabled: false}                        | false |           | PT5M",
            "integrity: {signingKeyFile: \"\"}                    | true  |           | PT5M",
            "integrity: {signingKeyFile: keys/audit.key}        | true  | keys/audit.key | PT5M",
            "integrity: {checkpointInterval: 1s}                | true  |           | PT1S",
            "integrity: {checkpointInterval: 1h30m}             | true  |           | PT1H30M",
            "integrity: {enabled: true, checkpointInterval: 2d} | true  |           | PT48H"})
    void integrityKeysDefaultToEnabledWithTheAgentsOwnKeyEveryFiveMinutes(String yaml, boolean enabled, String keyFile,
                                                                          Duration interval) throws Exception {
        AgentConfig.Integrity integrity = ConfigLoader.load(write(yaml + "\n"), List.of()).integrity();
        assertThat(integrity).isEqualTo(new AgentConfig.Integrity(enabled, keyFile == null ? null : Path.of(keyFile),
                interval));
    }

    @Test
    void loggingLevelsNameComponentsAndLoggersOverTheDefaultRoot() throws Exception {
        AgentConfig.Logging logging = ConfigLoader.load(write("logging:\n  format: JSON\n  level:\n    ingest: debug\n"
                + "    ship: WARN\n    io.netty: error\n    shipper: off\n"), List.of()).logging();
        assertThat(logging.format()).isEqualTo(AgentConfig.Logging.Format.JSON);
        assertThat(logging.levels()).containsExactlyInAnyOrderEntriesOf(Map.of("root", AgentConfig.Logging.Level.INFO,
                "ingest", AgentConfig.Logging.Level.DEBUG, "ship", AgentConfig.Logging.Level.WARN,
                "io.netty", AgentConfig.Logging.Level.ERROR, "shipper", AgentConfig.Logging.Level.OFF));
        assertThat(ConfigLoader.load(write("logging:\n  level:\n    root: warn\n"), List.of()).logging().levels())
                .containsExactlyEntriesOf(Map.of("root", AgentConfig.Logging.Level.WARN));
    }

    @Test
    void relativePathsStayAsWritten() throws Exception {
        AgentConfig config = ConfigLoader.load(write("log:\n  path: ../logs/audit.log\n"), List.of());
        assertThat(config.log().path()).isEqualTo(Path.of("../logs/audit.log")).isNotEqualTo(Path.of("../logs/audit.log").toAbsolutePath());
    }

    @Test
    void kubeFlagsOverrideTheFile() throws Exception {
        Path file = write("log:\n  path: file.log\n  maxAge: 1\n  maxBackup: 2\n  maxSize: 3\n  compress: false\n"
                + "  format: json\n  compressionLevel: 5\n");
        AgentConfig config = ConfigLoader.load(file, List.of("--audit-log-path=/var/log/kube/audit.log",
                "--audit-log-maxage", "30", "--audit-log-maxbackup=10", "--audit-log-maxsize", "200",
                "--audit-log-compress", "--audit-log-format=legacy"));
        assertThat(config.log()).isEqualTo(new AgentConfig.Log(Path.of("/var/log/kube/audit.log"), 30, 10, 200,
                true, AgentConfig.Compression.GZIP, 5, AgentConfig.LogFormat.LEGACY, Duration.ZERO));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "log: {maxSize: 0}   |                        | 104857600",
            "log: {maxSize: -1}  |                        | 0",
            "log: {maxSize: 1}   |                        | 1048576",
            "log: {maxSize: 250} |                        | 262144000",
            "log: {}             |                        | 104857600",
            "log: {maxSize: -1}  | --audit-log-maxsize=0  | 104857600",
            "log: {maxSize: 0}   | --audit-log-maxsize=5  | 5242880"})
    void maxSizeIsInMiBWithZeroMeaning100MiBAsInKubeApiserverAndMinusOneNoSizeRotation(String yaml, String flag,
                                                                                       long maxBytes) throws Exception {
        AgentConfig config = ConfigLoader.load(write(yaml + "\n"), flag == null ? List.of() : List.of(flag));
        assertThat(config.log().maxSizeBytes()).isEqualTo(maxBytes);
    }

    @Test
    void flagsAloneOverrideTheDefaults() throws Exception {
        AgentConfig config = ConfigLoader.load(null, List.of("--audit-log-maxage=7"));
        assertThat(config.log().maxAge()).isEqualTo(7);
        assertThat(config.log().maxBackup()).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--audit-log-compress=false | false",
            "--audit-log-compress=true  | true",
            "--audit-log-compress       | true",
            "--audit-log-compress=0     | false",
            "--audit-log-compress=T     | true"})
    void compressFlagIsAGoBoolean(String flag, boolean expected) throws Exception {
        Path file = write("log:\n  compress: " + !expected + "\n");
        assertThat(ConfigLoader.load(file, List.of(flag)).log().compress()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--audit-log-maxage=-1          | --audit-log-maxage: -1 (expected: an integer >= 0)",
            "--audit-log-maxbackup=x        | --audit-log-maxbackup: x (expected: an integer >= 0)",
            "--audit-log-maxsize=99999999999 | --audit-log-maxsize: 99999999999 (expected: an integer >= 0)",
            "--audit-log-maxsize=-1         | --audit-log-maxsize: -1 (expected: an integer >= 0)",
            "--audit-log-compress=maybe     | --audit-log-compress: maybe (expected: true or false)",
            "--audit-log-format=yaml        | --audit-log-format: yaml (expected: json or legacy)",
            "--audit-log-path=-             | --audit-log-path: - (expected: a file path other than \"-\")",
            "--audit-log-path=              | --audit-log-path: \"\" (expected: a file path other than \"-\")",
            "--audit-log-maxage             | --audit-log-maxage: no value (expected: --flag=value or --flag value)",
            "--audit-log-batch-size=5       | --audit-log-batch-size: unknown flag (expected: one of --audit-log-path, "
                    + "--audit-log-maxage, --audit-log-maxbackup, --audit-log-maxsize, --audit-log-compress, --audit-log-format)",
            "stray                          | stray: unknown argument (expected: one of --audit-log-path, "
                    + "--audit-log-maxage, --audit-log-maxbackup, --audit-log-maxsize, --audit-log-compress, --audit-log-format)"})
    void badFlagsAreReportedByFlagName(String flag, String problem) {
        assertThat(problems(null, List.of(flag))).containsExactly(problem);
    }

    @Test
    void aBoolWordAfterABareCompressFlagIsNotItsValue() {
        assertThat(problems(null, List.of("--audit-log-compress", "false"))).containsExactly(
                "false: unknown argument (expected: --audit-log-compress=false; a bare --audit-log-compress means true)");
    }

    @Test
    void aValueFlagFollowedByAnotherFlagHasNoValue() {
        assertThat(problems(null, List.of("--audit-log-path", "--audit-log-maxage=3"))).containsExactly(
                "--audit-log-path: no value (expected: --flag=value or --flag value)");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), yaml);
    }
}
