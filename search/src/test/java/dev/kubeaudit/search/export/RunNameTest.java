package dev.kubeaudit.search.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.search.plan.TimeWindow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run's folder names its window and when it started, without ':' and to the second. */
class RunNameTest {

    @ParameterizedTest(name = "{0} {1} at {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "2026-05-01T00:00:00Z        | 2026-05-02T00:00:00Z | 2026-06-01T12:00:00Z     | export-20260501T000000Z-20260502T000000Z-20260601T120000Z",
        "-                           | -                    | 2026-06-01T12:00:00.999Z | export-open-open-20260601T120000Z",
        "2026-05-01T09:15:00.250Z    | -                    | 2026-06-01T12:00:00Z     | export-20260501T091500.25Z-open-20260601T120000Z",
        "2026-05-01T09:15:00.000001Z | -                    | 2026-06-01T12:00:00Z     | export-20260501T091500.000001Z-open-20260601T120000Z",
    })
    void namesTheWindowAndTheStamp(String since, String until, String stamp, String expected) {
        TimeWindow window = new TimeWindow(since == null ? null : Instant.parse(since), until == null ? null : Instant.parse(until));

        RunName run = RunName.of(window, Instant.parse(stamp));

        assertThat(run.name()).isEqualTo(expected).doesNotContain(":");
        assertThat(run.stamp()).isEqualTo(Instant.parse(stamp).truncatedTo(ChronoUnit.SECONDS));
    }
}
