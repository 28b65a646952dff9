package dev.kubeaudit.agent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of how much some counters grew over the last minute and the last hour ({@code window}
 * label {@code 1m}, {@code 1h}), so that a single scrape answers "how many in the last hour"
 * ({@code audit-agent status}) without a Prometheus to compute {@code increase()}. A timer thread
 * ({@value #THREAD}) samples each tracked counter's total every {@link #SLOT} of the injected
 * clock ({@link SampledTotal}); nothing is added to the counting itself. Thread-safe.
 */
final class RecentActivity implements Closeable {
    static final String THREAD = "audit-metrics-sampler";
    /** How often the totals are sampled. */
    static final Duration SLOT = Duration.ofSeconds(10);
    /** The windows, by their label value. */
    static final Map<String, Duration> WINDOWS = Map.of("1m", Duration.ofMinutes(1), "1h", Duration.ofHours(1));
    private static final Duration SPAN = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(RecentActivity.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final List<SampledTotal> totals = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, THREAD);
        t.setDaemon(true);
        return t;
    });

    /** Samples every {@link #SLOT} from now on, until {@link #close}. */
    RecentActivity(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        timer.scheduleAtFixedRate(this::sampleOrLog, SLOT.toMillis(), SLOT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Registers gauge {@code name} with {@code tags} and each window's label for the growth of
     * {@code total}, sampled from now on.
     */
    void track(String name, String description, Tags tags, DoubleSupplier total) {
        SampledTotal sampled = new SampledTotal(total, SLOT, SPAN);
        sampled.sample(clock.millis());
        totals.add(sampled);
        WINDOWS.forEach((label, window) -> Gauge.builder(name, sampled, s -> s.growth(window, clock.millis()))
                .description(description).tags(tags).tag("window", label).register(registry));
    }

    /** Samples every tracked total at the clock's time (the timer's task; tests call it after moving the clock). */
    void sample() {
        long now = clock.millis();
        for (SampledTotal total : totals) {
            total.sample(now);
        }
    }

    /**
     * The timer's task: a failed sample is logged and the next one is still taken (a scheduled
     * task that throws is never run again).
     */
    private void sampleOrLog() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("Sampling the last-minute and last-hour gauges failed; the next sample is in {}", SLOT, e);
        }
    }

    /** Stops the timer thread; idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
