package dev.kubeaudit.forward;

import dev.kubeaudit.agent.journal.ConsumerBacklog;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarding's meters, per destination (label {@code destination}): events and bytes sent
 * (acknowledged), failures by reason, events dropped by skip-aheads, the backlog (events, bytes,
 * age of the oldest) and the time of the last acknowledged batch. Logs the first failure of a
 * streak and the recovery, and each behind episode once. Thread-safe.
 */
final class ForwardMetrics implements ForwardListener, JournalListener {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardMetrics.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Meters> byName = new ConcurrentHashMap<>();

    private record Meters(Counter sentEvents, Counter sentBytes, Counter dropped, AtomicLong lastSuccessMillis,
                          AtomicBoolean failing, AtomicLong failuresInARow) {
    }

    ForwardMetrics(MeterRegistry registry, Clock clock, List<String> destinations) {
        this.registry = registry;
        this.clock = clock;
        for (String name : destinations) {
            AtomicLong last = new AtomicLong();
            AtomicLong inARow = new AtomicLong();
            byName.put(name, new Meters(
                    Counter.builder("audit.agent.forward.sent.events").tag("destination", name)
                            .description("Events the destination acknowledged (again after a re-send)").register(registry),
                    Counter.builder("audit.agent.forward.sent.bytes").tag("destination", name).baseUnit("bytes")
                            .description("audit.log line bytes of the events the destination acknowledged").register(registry),
                    Counter.builder("audit.agent.forward.dropped.events").tag("destination", name)
                            .description("Events the destination never acknowledged: skipped ahead past forward[].maxBacklog")
                            .register(registry),
                    last, new AtomicBoolean(), inARow));
            Gauge.builder("audit.agent.forward.consecutive.failures", inARow, AtomicLong::get)
                    .tag("destination", name)
                    .description("Attempts in a row the destination did not acknowledge (0 after an acknowledged batch)")
                    .register(registry);
            Gauge.builder("audit.agent.forward.last.success.timestamp", last, l -> l.get() / 1000.0)
                    .tag("destination", name).baseUnit("seconds")
                    .description("When the destination last acknowledged a batch, in seconds since the epoch (0: not since start)")
                    .register(registry);
        }
    }

    /** The backlog gauges of each destination, read from its journal consumer's position. */
    void bindJournal(Journal journal) {
        for (String name : byName.keySet()) {
            backlog(journal, name, "events", "Events journaled but not yet acknowledged by the destination", null,
                    b -> b.events());
            backlog(journal, name, "bytes", "Item bytes journaled but not yet acknowledged by the destination", "bytes",
                    b -> b.bytes());
            backlog(journal, name, "age", "Age of the oldest batch the destination has not acknowledged, by its"
                    + " accept time; 0 when none waits", "seconds", b -> b.age().toMillis() / 1000.0);
        }
    }

    private void backlog(Journal journal, String name, String what, String description, String unit,
                         ToDoubleFunction<ConsumerBacklog> value) {
        Gauge.builder("audit.agent.forward.backlog." + what, journal, j -> j.isOpen() ? value.applyAsDouble(
                        j.consumerBacklog(name)) : 0)
                .tag("destination", name).baseUnit(unit).description(description).register(registry);
    }

    @Override
    public void sent(String destination, int events, long bytes) {
        Meters m = byName.get(destination);
        m.sentEvents().increment(events);
        m.sentBytes().increment(bytes);
        m.lastSuccessMillis().set(clock.millis());
        m.failuresInARow().set(0);
        if (m.failing().compareAndSet(true, false)) {
            LOG.info("Forwarding to '{}' succeeds again", destination);
        }
    }

    @Override
    public void failed(String destination, String reason, Exception e, long retryInMillis) {
        Counter.builder("audit.agent.forward.failures").tags("destination", destination, "reason", reason)
                .description("Batches the destination did not acknowledge (each is sent again), by reason")
                .register(registry).increment();
        Meters m = byName.get(destination);
        m.failuresInARow().incrementAndGet();
        if (m.failing().compareAndSet(false, true)) {
            LOG.warn("Forwarding to '{}' failed, retrying every {} ms or less until it succeeds: {}", destination,
                    retryInMillis, e.getMessage());
        } else {
            LOG.debug("Forwarding to '{}' failed again: {}", destination, e.getMessage());
        }
    }

    @Override
    public void gaveUp(String destination, long events, long bytes) {
        byName.get(destination).dropped().increment(events);
        LOG.debug("Forwarding destination '{}' was skipped past the batch being sent: {} events ({} bytes) of it not"
                + " acknowledged are given up", destination, events, bytes);
    }

    @Override
    public void consumerSkipped(String consumer, long events, long bytes, boolean episodeStart) {
        Meters m = byName.get(consumer);
        if (m == null) {
            return;
        }
        m.dropped().increment(events);
        if (episodeStart) {
            LOG.warn("Forwarding destination '{}' is behind past its forward[].maxBacklog: skipped ahead past {} events"
                    + " ({} bytes) it will never receive, and gives up what it has not acknowledged of the entry it was"
                    + " sending; further skips are counted in"
                    + " audit_agent_forward_dropped_events_total until it catches up", consumer, events, bytes);
        }
    }

    @Override
    public void consumerDropped(String consumer, long index) {
        LOG.info("Forwarding destination '{}' is no longer configured: its journal position (index {}) was dropped",
                consumer, index);
    }
}
