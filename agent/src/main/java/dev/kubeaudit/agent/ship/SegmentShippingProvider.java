package dev.kubeaudit.agent.ship;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Starts shipping for a running agent. Registered through
 * {@code META-INF/services/dev.kubeaudit.agent.ship.SegmentShippingProvider} by the shipper module;
 * a build without it can run only with {@code ship.destination: none} ({@link SegmentShipping#NONE}).
 */
public interface SegmentShippingProvider {

    /** The first provider on the class path; empty in a build without the shipper module. */
    static Optional<SegmentShippingProvider> onClassPath() {
        return ServiceLoader.load(SegmentShippingProvider.class).findFirst();
    }

    /**
     * Starts shipping the segments of {@code config.log().path()}; binds its meters to
     * {@code registry}; a shipping thread that ends unexpectedly is reported to {@code fatal}.
     * {@code gaps} is the agent's inbox of declared gaps (one per process), which the shipper seals
     * into the archive's chain; null with integrity.enabled: false.
     */
    SegmentShipping start(AgentConfig config, Clock clock, MeterRegistry registry, FatalFailures fatal, GapInbox gaps)
            throws IOException;

    /**
     * Starts the standalone shipper ({@code audit-agent ship}): ships the backups another writer
     * (kube-apiserver's log backend) leaves beside {@code config.log().path()} and serves its own
     * metrics endpoint. Runs until the returned handle is closed; a shipping thread that ends
     * unexpectedly is reported to {@code fatal}.
     */
    Closeable startStandalone(AgentConfig config, Clock clock, FatalFailures fatal) throws IOException;
}
