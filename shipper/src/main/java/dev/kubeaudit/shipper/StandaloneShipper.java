package dev.kubeaudit.shipper;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.lifecycle.StartupException;
import dev.kubeaudit.agent.metrics.MetricsServer;
import dev.kubeaudit.shipper.metrics.ShipperMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The shipper on its own ({@code audit-agent ship}, audit-shipper.jar): ships the backups another
 * writer (kube-apiserver's log backend) leaves beside {@code log.path}, found by scanning, and
 * serves {@code /metrics}, {@code /healthz} and {@code /readyz} on metrics.address:metrics.port. It
 * cannot hold back that writer's own retention. Thread-safe.
 */
public final class StandaloneShipper implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneShipper.class);

    private final Shipper shipper;
    private final MetricsServer metricsServer;
    private final PrometheusMeterRegistry registry;
    private boolean closed;

    private StandaloneShipper(Shipper shipper, MetricsServer metricsServer, PrometheusMeterRegistry registry) {
        this.shipper = shipper;
        this.metricsServer = metricsServer;
        this.registry = registry;
    }

    public static StandaloneShipper start(AgentConfig config, Clock clock, AwsCredentialsProvider credentials)
            throws IOException {
        return start(config, clock, credentials, FatalFailures.NONE);
    }

    /** As above; a shipping thread that ends unexpectedly is reported to {@code fatal}. */
    public static StandaloneShipper start(AgentConfig config, Clock clock, AwsCredentialsProvider credentials,
                                          FatalFailures fatal) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(Tags.of("cluster", config.cluster(), "node", config.node()));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        ShipperMetrics metrics = new ShipperMetrics(registry);
        Shipper shipper;
        try {
            shipper = ShippingProvider.start(ShipperSettings.standalone(config), config, clock, metrics, credentials, fatal,
                    null);
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
        metrics.bind(shipper);
        MetricsServer server;
        try {
            server = StartupException.step("metrics.port", config.metrics().address() + ":" + config.metrics().port(),
                    () -> MetricsServer.start(config.metrics().address(), config.metrics().port(), registry, () -> true));
        } catch (IOException | RuntimeException e) {
            shipper.close();
            registry.close();
            throw e;
        }
        LOG.info("Standalone shipper: backups of '{}' to '{}'; metrics on http://{}:{}/metrics",
                config.log().path().toAbsolutePath(), config.ship().destination(), config.metrics().address(),
                server.port());
        return new StandaloneShipper(shipper, server, registry);
    }

    public Shipper shipper() {
        return shipper;
    }

    public int metricsPort() {
        return metricsServer.port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shipper.close();
        metricsServer.close();
        registry.close();
    }
}
