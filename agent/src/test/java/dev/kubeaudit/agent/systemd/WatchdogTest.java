package dev.kubeaudit.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.lifecycle.FatalFailures;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void halfOfWatchdogUsec() {
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "1000000"), 42)).isEqualTo(Duration.ofMillis(500));
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42))
                .isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void noneWithoutUsecOrForAnotherProcess() {
        assertThat(Watchdog.interval(Map.of(), 42)).isZero();
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "7"), 42)).isZero();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Watchdog.interval(Map.of("WATCHDOG_USEC", "soon"), 42))
                .hasMessageContaining("WATCHDOG_USEC: 'soon'");
        assertThatThrownBy(() -> Watchdog.interval(Map.of("WATCHDOG_USEC", "0"), 42))
                .hasMessageContaining("expected");
    }

    @Test
    void noNotifySocketIsInert() {
        assertThat(ServiceNotifier.fromEnvironment(Map.of(), () -> true, () -> "", FatalFailures.NONE)).isSameAs(ServiceNotifier.NONE);
    }
}
