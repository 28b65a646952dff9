package dev.kubeaudit.forward;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.KeyProblem;
import dev.kubeaudit.agent.forward.Forwarding;
import dev.kubeaudit.agent.forward.ForwardingProvider;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalListener;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The forwarding the agent finds on its class path ({@code META-INF/services}): one {@link
 * Forwarder} per {@code forward:} destination, each with its destination, its batch limits and
 * the shared {@link ForwardMetrics}. {@link Forwarding#close()} stops them in reverse order.
 * Thread-safe.
 */
public final class ForwardingService implements ForwardingProvider {
    @Override
    public List<KeyProblem> check(AgentConfig.Forward destination, int index) {
        return Destinations.check(destination, index);
    }

    @Override
    public Forwarding create(AgentConfig config, Clock clock, MeterRegistry registry, FatalFailures fatal) {
        ForwardMetrics metrics = new ForwardMetrics(registry, clock,
                config.forward().stream().map(AgentConfig.Forward::name).toList());
        return new Running(config, metrics, fatal);
    }

    private static final class Running implements Forwarding {
        private final AgentConfig config;
        private final ForwardMetrics metrics;
        private final FatalFailures fatal;
        private final List<Forwarder> forwarders = new ArrayList<>();   // guarded by this
        private boolean closed;                                          // guarded by this

        Running(AgentConfig config, ForwardMetrics metrics, FatalFailures fatal) {
            this.config = config;
            this.metrics = metrics;
            this.fatal = fatal;
        }

        @Override
        public JournalListener journalListener() {
            return metrics;
        }

        @Override
        public synchronized void start(Journal journal) {
            if (closed) {
                throw new IllegalStateException("forwarding is closed");
            }
            metrics.bindJournal(journal);
            boolean legacy = config.log().format() == AgentConfig.LogFormat.LEGACY;
            for (AgentConfig.Forward f : config.forward()) {
                Forwarder forwarder = new Forwarder(f.name(), Destinations.open(config, f), journal,
                        new EventChunks(legacy, f.maxBatchEvents(), f.maxBatchBytes()), Backoff.DEFAULT, metrics, fatal);
                forwarders.add(forwarder);
                forwarder.start();
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = forwarders.size() - 1; i >= 0; i--) {
                forwarders.get(i).close();
            }
        }
    }
}
