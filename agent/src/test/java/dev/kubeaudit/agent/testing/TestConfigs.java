package dev.kubeaudit.agent.testing;

import dev.kubeaudit.agent.config.AgentConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Agent configurations for tests: everything under one folder, ephemeral ports on 127.0.0.1, and
 * ship.destination none (this module's tests run without the shipper on the class path).
 */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** Defaults with data under {@code dir}, ingest and metrics on port 0, no shipping. */
    public static AgentConfig under(Path dir) {
        AgentConfig d = AgentConfig.defaults();
        AgentConfig.Listen l = d.listen();
        AgentConfig.Log g = d.log();
        AgentConfig.Journal j = d.journal();
        return new AgentConfig(d.cluster(), "test-node",
                new AgentConfig.Listen("127.0.0.1", 0, "/", l.maxRequestBytes(), l.maxInFlightBytes(), l.tls(), null),
                new AgentConfig.Journal(dir.resolve("journal"), j.maxDiskBytes(), 0, j.sync(), j.dedupWindow()),
                new AgentConfig.Log(dir.resolve("log").resolve("audit.log"), g.maxAge(), g.maxBackup(), g.maxSize(),
                        g.compress(), g.compression(), g.compressionLevel(), g.format(), g.rotateInterval()),
                d.policy(), withDestination(d.ship(), AgentConfig.Ship.NO_DESTINATION),
                new AgentConfig.Metrics("127.0.0.1", 0), d.integrity());
    }

    /** {@code config} with ship.destination replaced. */
    public static AgentConfig withDestination(AgentConfig c, String destination) {
        return new AgentConfig(c.cluster(), c.node(), c.listen(), c.journal(), c.log(), c.policy(),
                withDestination(c.ship(), destination), c.metrics(), c.integrity());
    }

    private static AgentConfig.Ship withDestination(AgentConfig.Ship s, String destination) {
        return new AgentConfig.Ship(destination, s.endpoint(), s.region(), s.pathStyle(), s.storageClass(),
                s.sseKmsKeyId(), s.objectLock(), s.concurrency(), s.checksum(), s.confirm(), s.multipartThreshold(),
                s.retry(), s.deleteAfterShip(), s.scanInterval(), s.ledgerDir(), s.layout());
    }

    /** {@code config} with policy.file set. */
    public static AgentConfig withPolicy(AgentConfig c, Path policyFile) {
        return new AgentConfig(c.cluster(), c.node(), c.listen(), c.journal(), c.log(),
                new AgentConfig.Policy(policyFile), c.ship(), c.metrics(), c.integrity());
    }

    /** {@code config} with integrity.* replaced. */
    public static AgentConfig withIntegrity(AgentConfig c, AgentConfig.Integrity integrity) {
        return new AgentConfig(c.cluster(), c.node(), c.listen(), c.journal(), c.log(), c.policy(), c.ship(),
                c.metrics(), integrity);
    }

    /** {@code config} with journal limits replaced. */
    public static AgentConfig withJournal(AgentConfig c, long maxDiskBytes, AgentConfig.SyncMode sync,
                                          Duration dedupWindow) {
        AgentConfig.Journal j = c.journal();
        return new AgentConfig(c.cluster(), c.node(), c.listen(),
                new AgentConfig.Journal(j.dir(), maxDiskBytes, j.minFreeBytes(), sync, dedupWindow),
                c.log(), c.policy(), c.ship(), c.metrics(), c.integrity());
    }
}
