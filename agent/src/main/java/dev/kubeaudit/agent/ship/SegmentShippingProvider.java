package dev.kubeaudit.agent.ship;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;

/**
 * Starts shipping for a running agent. Registered through
 * {@code META-INF/services/dev.kubeaudit.agent.ship.SegmentShippingProvider}; a build without a
 * provider runs with {@link SegmentShipping#NONE}.
 */
public interface SegmentShippingProvider {

    /**
     * Starts shipping the segments of {@code config.log().path()}; binds its meters to
     * {@code registry}; a shipping thread that ends unexpectedly is reported to {@code fatal}.
     */
    SegmentShipping start(AgentConfig config, Clock clock, MeterRegistry registry, FatalFailures fatal)
            throws IOException;

    /**
     * Starts the standalone shipper ({@code audit-agent ship}): ships the backups another writer
     * (kube-apiserver's log backend) leaves beside {@code config.log().path()} and serves its own
     * metrics endpoint. Runs until the returned handle is closed.
     */
    Closeable startStandalone(AgentConfig config, Clock clock) throws IOException;
}
