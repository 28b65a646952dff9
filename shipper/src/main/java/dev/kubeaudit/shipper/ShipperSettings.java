package dev.kubeaudit.shipper;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.shipper.integrity.IntegritySettings;
import dev.kubeaudit.shipper.retry.Backoff;
import dev.kubeaudit.shipper.store.Destination;
import dev.kubeaudit.shipper.store.ObjectKeys;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one {@link Shipper} does: ship the final segments beside {@code activeFile} (compressed:
 * whether its writer compresses backups) under {@code keys} (in the layout of {@code ship.layout}), {@code concurrency} at once, retrying
 * with {@code backoff}, scanning every {@code scanInterval}, keeping its ledger in {@code ledgerDir}
 * (the state directory, which also holds the chain's state: see {@code integrity}). Immutable.
 */
public record ShipperSettings(Path activeFile, boolean compressed, ObjectKeys keys, int concurrency, Backoff backoff,
                              boolean deleteAfterShip, Duration scanInterval, Path ledgerDir, boolean md5,
                              IntegritySettings integrity) {

    public ShipperSettings {
        java.util.Objects.requireNonNull(integrity, "integrity");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: >= 1)");
        }
        if (scanInterval.isZero() || scanInterval.isNegative()) {
            throw new IllegalArgumentException("scanInterval: " + scanInterval + " (expected: > 0)");
        }
    }

    /** The settings of the shipper inside the agent: the backups of log.path, compressed when log.compress is on. */
    public static ShipperSettings of(AgentConfig config) {
        return of(config, IntegritySettings.agent(config));
    }

    /** The settings of the standalone shipper, which ships another writer's backups. */
    public static ShipperSettings standalone(AgentConfig config) {
        return of(config, IntegritySettings.standalone(config));
    }

    private static ShipperSettings of(AgentConfig config, IntegritySettings integrity) {
        AgentConfig.Ship ship = config.ship();
        Destination destination = Destination.parse(ship.destination());
        return new ShipperSettings(config.log().path(), config.log().compress(),
                new ObjectKeys(destination.prefix(), config.cluster(), config.node(), ArchiveLayout.of(ship.layout())),
                ship.concurrency(),
                new Backoff(ship.retry().minBackoff(), ship.retry().maxBackoff()), ship.deleteAfterShip(),
                ship.scanInterval(), ship.ledgerDir() != null ? ship.ledgerDir() : config.journal().dir(),
                ship.checksum() == AgentConfig.Checksum.MD5, integrity);
    }
}
