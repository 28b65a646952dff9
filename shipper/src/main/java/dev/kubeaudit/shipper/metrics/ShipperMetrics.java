package dev.kubeaudit.shipper.metrics;

import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.store.Receipt;
import dev.kubeaudit.shipper.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shipping meters of DESIGN.md (prefix {@code audit_agent_}): segments pending and shipped,
 * the oldest pending segment's age, failures by reason and upload failures in a row, bytes and
 * duration of shipping, the time of the last success; and of the manifest chain: checkpoints published and the time of the
 * last, signing failures, declared gaps sealed. Every meter has a description. Thread-safe.
 */
public final class ShipperMetrics implements ShipperListener {
    /** Failure reasons registered at 0 up front, so that rate() alerts see them from the start. */
    private static final List<String> REASONS = List.of("vanished", "scan", "delete", "seal");
    /** The reasons of a failed upload attempt (the store's answer, or a local error while shipping). */
    private static final Set<String> UPLOAD_REASONS = Arrays.stream(StoreException.Kind.values())
            .map(StoreException.Kind::reason).collect(Collectors.toUnmodifiableSet());

    private final MeterRegistry registry;
    private final Counter shipped;
    private final Counter bytes;
    private final Timer duration;
    private final AtomicLong lastSuccessMillis = new AtomicLong();
    private final AtomicLong uploadFailuresInARow = new AtomicLong();
    private final Counter checkpoints;
    private final Counter signingFailures;
    private final Counter gapsDeclared;
    private final AtomicLong lastCheckpointMillis = new AtomicLong();

    public ShipperMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.shipped = Counter.builder("audit.agent.segments.shipped")
                .description("Segments stored in the object store and recorded in the ledger").register(registry);
        this.bytes = Counter.builder("audit.agent.ship.bytes")
                .description("Bytes of segments shipped to the object store").register(registry);
        this.duration = Timer.builder("audit.agent.ship.duration")
                .description("Time to ship one segment: checksum, upload and ledger entry")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(30)).register(registry);
        Gauge.builder("audit.agent.last.ship.success.timestamp", lastSuccessMillis, m -> m.get() / 1000.0)
                .description("Unix time of the last segment shipped; 0 before the first").baseUnit("seconds")
                .register(registry);
        Gauge.builder("audit.agent.ship.consecutive.failures", uploadFailuresInARow, AtomicLong::get)
                .description("Upload attempts that failed in a row since the last segment shipped; 0 after a success")
                .register(registry);
        this.checkpoints = Counter.builder("audit.agent.integrity.checkpoints")
                .description("Signed checkpoints of the manifest chain stored in the object store").register(registry);
        Gauge.builder("audit.agent.integrity.last.checkpoint.timestamp", lastCheckpointMillis, m -> m.get() / 1000.0)
                .description("Unix time of the last signed checkpoint stored; 0 before the first").baseUnit("seconds")
                .register(registry);
        this.signingFailures = Counter.builder("audit.agent.integrity.signing.failures")
                .description("Failed signatures of manifests and checkpoints").register(registry);
        this.gapsDeclared = Counter.builder("audit.agent.integrity.gaps.declared")
                .description("Declared gaps sealed into the manifest chain").register(registry);
        for (StoreException.Kind kind : StoreException.Kind.values()) {
            failures(kind.reason());
        }
        REASONS.forEach(this::failures);
    }

    /** Gauges read from the shipper's queue. */
    public void bind(Shipper shipper) {
        Gauge.builder("audit.agent.segments.pending", shipper, Shipper::pendingSegments)
                .description("Final segments not yet shipped (the local backlog)").register(registry);
        Gauge.builder("audit.agent.oldest.pending.segment.age", shipper, Shipper::oldestPendingAgeSeconds)
                .description("Age of the oldest segment not yet shipped, by the time in its name; 0 when none")
                .baseUnit("seconds").register(registry);
    }

    @Override
    public void shipped(Segment segment, Receipt receipt, long nanos, Instant at) {
        shipped.increment();
        bytes.increment(receipt.size());
        duration.record(nanos, TimeUnit.NANOSECONDS);
        lastSuccessMillis.set(at.toEpochMilli());
        uploadFailuresInARow.set(0);
    }

    @Override
    public void checkpointPublished(long size, Instant time) {
        checkpoints.increment();
        lastCheckpointMillis.set(time.toEpochMilli());
    }

    @Override
    public void signingFailed() {
        signingFailures.increment();
    }

    @Override
    public void gapDeclared() {
        gapsDeclared.increment();
    }

    @Override
    public void failed(String reason) {
        failures(reason).increment();
        if (UPLOAD_REASONS.contains(reason)) {
            uploadFailuresInARow.incrementAndGet();
        }
    }

    private Counter failures(String reason) {
        return Counter.builder("audit.agent.ship.failures")
                .description("Failed shipping attempts and lost segments, by reason").tag("reason", reason)
                .register(registry);
    }
}
