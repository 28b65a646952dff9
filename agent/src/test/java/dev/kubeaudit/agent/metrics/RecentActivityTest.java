package dev.kubeaudit.agent.metrics;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The last-minute and last-hour gauges, on an injected clock with the sampling driven by hand. */
class RecentActivityTest {
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Counter counter = Counter.builder("things").register(registry);
    final RecentActivity recent = new RecentActivity(registry, clock);

    @AfterEach
    void close() {
        recent.close();
        registry.close();
    }

    double recent(String window) {
        Gauge gauge = registry.find("recent.things").tag("window", window).gauge();
        return gauge.value();
    }

    /** Advances the clock by {@code seconds} in sampling steps, counting {@code perStep} at each. */
    void run(int seconds, double perStep) {
        for (int s = 0; s < seconds; s += 10) {
            counter.increment(perStep);
            clock.advance(Duration.ofSeconds(10));
            recent.sample();
        }
    }

    @Test
    void sumsWhatWasCountedWithinEachWindow() {
        recent.track("recent.things", "things lately", Tags.of("kind", "a"), counter::count);
        run(120, 5);                      // 12 steps of 5: 60 in two minutes
        assertThat(recent("1m")).isEqualTo(30);
        assertThat(recent("1h")).as("younger than an hour: everything since tracking began").isEqualTo(60);
        counter.increment(7);             // counted since the last sample: in both windows at once
        assertThat(recent("1m")).isEqualTo(37);
        assertThat(recent("1h")).isEqualTo(67);
        assertThat(registry.scrape())
                .contains("# HELP recent_things things lately")
                .containsPattern("recent_things\\{kind=\"a\",window=\"1m\"} 37.0");
    }

    @Test
    void oldSlotsExpire() {
        recent.track("recent.things", "things lately", Tags.empty(), counter::count);
        run(600, 10);                     // 600 in ten minutes
        run(3600, 0);                     // then an hour of nothing
        assertThat(recent("1m")).isZero();
        assertThat(recent("1h")).isZero();
        run(60, 1);
        assertThat(recent("1h")).isEqualTo(6);
        assertThat(recent("1m")).isEqualTo(6);
    }

    @Test
    void anHourWindowReachesBackExactlyAnHourBetweenSamples() {
        recent.track("recent.things", "things lately", Tags.empty(), counter::count);
        run(3600, 1);                     // 360 in the first hour
        run(600, 2);                      // 120 in the next ten minutes: the hour now holds 300 + 120
        assertThat(recent("1h")).isEqualTo(420);
        clock.advance(Duration.ofSeconds(5)); // halfway to the next sample: half a step of the old rate leaves the window
        assertThat(recent("1h")).isEqualTo(419.5);
        assertThat(recent("1m")).as("from 469 at 55 s ago (between two samples) to 480").isEqualTo(11);
    }

    @Test
    void missedSamplesAreBridgedByTheLiveTotal() {
        recent.track("recent.things", "things lately", Tags.empty(), counter::count);
        run(600, 1);
        clock.advance(Duration.ofMinutes(30));   // the timer did not run: no sample for half an hour
        counter.increment(90);
        assertThat(recent("1h")).isEqualTo(150);
        assertThat(recent("1m")).as("spread evenly over the half hour without samples").isEqualTo(3);
    }

    @Test
    void aClockSetBackIgnoresSamplesFromItsFuture() {
        recent.track("recent.things", "things lately", Tags.empty(), counter::count);
        run(300, 2);
        clock.advance(Duration.ofMinutes(-4));
        assertThat(recent("1m")).as("never more than was counted").isEqualTo(60);
        assertThat(recent("1h")).isEqualTo(60);
    }

    @Test
    void aClockThatStandsStillCountsFromTheFirstSample() {
        recent.track("recent.things", "things lately", Tags.empty(), counter::count);
        counter.increment(4);
        recent.sample();                  // same time, same slot: overwrites the slot's sample
        counter.increment(1);
        assertThat(recent("1h")).isEqualTo(5);
        clock.advance(Duration.ofMinutes(2));
        assertThat(recent("1h")).isEqualTo(5);
    }

    @Test
    void theTimerThreadStopsOnClose() {
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains(RecentActivity.THREAD);
        recent.close();
        awaitUntil(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).noneMatch(t -> t.getName().equals(RecentActivity.THREAD)), "sampler stopped");
    }
}
