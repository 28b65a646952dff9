package dev.kubeaudit.shipper.testing;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.ConfigLoader;
import dev.kubeaudit.shipper.store.Destination;
import dev.kubeaudit.shipper.store.ObjectStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Configurations for shipper tests, written as YAML files and loaded as an operator's would be. */
public final class Configs {
    private Configs() {
    }

    /**
     * A configuration under {@code dir}: log in {@code dir/log}, journal (and ledger) in
     * {@code dir/journal}, ports 0 on 127.0.0.1, fast retries and scans unless {@code extra} sets
     * them; {@code extra} YAML lines are added
     * to the {@code ship} section (indented by two spaces) — or, starting with "log.", to the log section,
     * starting with "integrity.", to the integrity section. Without "integrity." lines integrity is
     * off ({@code enabled: false}), so that these tests see the archive as it was before manifests.
     */
    public static Path write(Path dir, String destination, String endpoint, String... extra) throws Exception {
        return writeNode(dir, "node-a", destination, endpoint, extra);
    }

    /** As {@link #write(Path, String, String, String...)}, for node {@code node} of cluster c1. */
    public static Path writeNode(Path dir, String node, String destination, String endpoint, String... extra)
            throws Exception {
        StringBuilder ship = new StringBuilder();
        StringBuilder log = new StringBuilder();
        StringBuilder integrity = new StringBuilder();
        for (String line : extra) {
            if (line.startsWith("integrity.")) {
                integrity.append("  ").append(line.substring("integrity.".length())).append('\n');
            } else if (line.startsWith("log.")) {
                log.append("  ").append(line.substring(4)).append('\n');
            } else {
                ship.append("  ").append(line).append('\n');
            }
        }
        String yaml = "cluster: c1\nnode: " + node + "\n"
                + "listen: {address: 127.0.0.1, port: 0}\n"
                + "metrics: {address: 127.0.0.1, port: 0}\n"
                + "journal: {dir: '" + dir.resolve("journal") + "', minFreeBytes: 0}\n"
                + "log:\n  path: '" + dir.resolve("log").resolve("audit.log") + "'\n" + log
                + "ship:\n  destination: '" + destination + "'\n"
                + (endpoint == null ? "" : "  endpoint: '" + endpoint + "'\n  pathStyle: true\n")
                + (ship.indexOf("  retry:") >= 0 ? "" : "  retry: {minBackoff: 100ms, maxBackoff: 1s}\n")
                + (ship.indexOf("  scanInterval:") >= 0 ? "" : "  scanInterval: 200ms\n") + ship
                + "integrity:\n" + (integrity.length() > 0 ? integrity : "  enabled: false\n");
        Files.createDirectories(dir);
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    public static AgentConfig load(Path file) throws Exception {
        return ConfigLoader.load(file, List.of());
    }

    /**
     * The store an operator's configuration opens for bucket {@link S3Server#BUCKET} at {@code endpoint}
     * (path-style, the test credentials), {@code extra} lines in the ship section; the file under {@code dir}.
     */
    public static ObjectStore s3Store(Path dir, URI endpoint, String... extra) throws Exception {
        AgentConfig config = load(write(dir, "s3://" + S3Server.BUCKET, endpoint.toString(), extra));
        return Destination.parse(config.ship().destination()).open(config.ship(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
    }
}
