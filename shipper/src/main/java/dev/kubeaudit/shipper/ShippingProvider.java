package dev.kubeaudit.shipper;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.lifecycle.StartupException;
import dev.kubeaudit.agent.ship.SegmentShipping;
import dev.kubeaudit.agent.ship.SegmentShippingProvider;
import dev.kubeaudit.shipper.metrics.ShipperMetrics;
import dev.kubeaudit.shipper.store.Destination;
import dev.kubeaudit.shipper.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The shipper as the agent finds it through ServiceLoader: in the agent it receives the writer's
 * final segments and tells retention which backups it may delete (only those in the ledger);
 * standalone it ships another writer's backups. S3 credentials come from the AWS SDK's default
 * chain (environment, profile, instance role). Stateless; thread-safe.
 */
public final class ShippingProvider implements SegmentShippingProvider {

    @Override
    public SegmentShipping start(AgentConfig config, Clock clock, MeterRegistry registry, FatalFailures fatal,
                                 GapInbox gaps) throws IOException {
        ShipperMetrics metrics = new ShipperMetrics(registry);
        Shipper shipper = start(ShipperSettings.of(config), config, clock, metrics,
                DefaultCredentialsProvider.builder().build(), fatal, gaps);
        metrics.bind(shipper);
        return new SegmentShipping() {
            @Override
            public boolean mayDelete(Path backup) {
                return shipper.shipped(backup);
            }

            @Override
            public void segmentFinal(Path segment) {
                shipper.offer(segment);
            }

            @Override
            public void close() {
                shipper.close();
            }
        };
    }

    @Override
    public Closeable startStandalone(AgentConfig config, Clock clock, FatalFailures fatal) throws IOException {
        return StandaloneShipper.start(config, clock, DefaultCredentialsProvider.builder().build(), fatal);
    }

    /**
     * A shipper with {@code settings} (of {@code config}) reporting to {@code listener}, S3 credentials
     * from {@code credentials}; {@code gaps}: the agent's inbox of declared gaps, or null.
     */
    static Shipper start(ShipperSettings settings, AgentConfig config, Clock clock, ShipperListener listener,
                         AwsCredentialsProvider credentials, FatalFailures fatal, GapInbox gaps) throws IOException {
        ObjectStore store = StartupException.step("ship.destination", config.ship().destination(),
                () -> Destination.parse(config.ship().destination()).open(config.ship(), credentials));
        try {
            return Shipper.start(settings, store, clock, listener, fatal, gaps);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
