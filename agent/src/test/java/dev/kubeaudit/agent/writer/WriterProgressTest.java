package dev.kubeaudit.agent.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WriterProgressTest {
    private final MutableClock clock = MutableClock.at("2026-11-27T06:00:00Z");
    private final AtomicLong backlog = new AtomicLong();
    private final WriterProgress progress = new WriterProgress(LogWriterListener.NONE, backlog::get, clock,
            Duration.ofSeconds(60));

    @Test
    void stalledOnlyWhenEventsWaitAndNothingIsWrittenForTheLimit() {
        clock.advance(Duration.ofMinutes(10));
        assertThat(progress.stalled()).as("idle, nothing waiting").isFalse();
        backlog.set(5);
        assertThat(progress.stalled()).as("events just arrived after a long idle time").isFalse();
        clock.advance(Duration.ofSeconds(60));
        assertThat(progress.stalled()).as("exactly the limit").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(progress.stalled()).isTrue();
        progress.written(5, 500);
        assertThat(progress.stalled()).as("progress clears it").isFalse();
        clock.advance(Duration.ofSeconds(61));
        assertThat(progress.stalled()).isTrue();
        backlog.set(0);
        assertThat(progress.stalled()).as("nothing waiting any more").isFalse();
    }

    @Test
    void forwardsToTheListener() {
        AtomicLong written = new AtomicLong();
        WriterProgress forwarding = new WriterProgress(new LogWriterListener() {
            @Override
            public void written(int events, long bytes) {
                written.addAndGet(events);
            }
        }, backlog::get, clock, Duration.ofSeconds(60));
        forwarding.written(3, 30);
        assertThat(written).hasValue(3);
    }
}
