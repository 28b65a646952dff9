package dev.kubeaudit.shipper.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @ParameterizedTest
    @CsvSource({"1, 0.0, 1000", "1, 0.99, 1000", "2, 0.0, 1000", "2, 0.5, 1500", "3, 0.999, 3997",
            "9, 0.5, 128500", "10, 0.999, 299701", "100, 0.5, 150500"})
    void drawsUniformlyBetweenMinAndTheDoubledCeilingCappedAtMax(int failures, double random, long millis) {
        assertThat(backoff.delay(failures, random).toMillis()).isEqualTo(millis);
    }

    @Test
    void permanentErrorsWaitBetweenHalfTheMaximumAndTheMaximum() {
        assertThat(backoff.slowPace(0.0)).isEqualTo(Duration.ofSeconds(150));
        assertThat(backoff.slowPace(0.999).toMillis()).isEqualTo(299_850);
        assertThat(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)).slowPace(0.0)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsBoundsOutOfOrder() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("max: PT1S (expected: >= min PT2S)");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).hasMessage("min: PT0S (expected: > 0)");
    }
}
