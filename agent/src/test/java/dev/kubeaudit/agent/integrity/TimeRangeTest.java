package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeRangeTest {
    @Test
    void keepsTheEarliestAndLatestAsWrittenWhateverTheirForm() {
        TimeRange r = new TimeRange();
        assertThat(r.earliest()).isNull();
        r.add("2026-12-05T08:00:00.000002Z");
        r.add("2026-12-05T08:00:00.000001Z");
        r.add(null);
        r.add("not a time");
        r.add("2026-12-05T08:00:00.000009Z");
        assertThat(r.earliest()).isEqualTo("2026-12-05T08:00:00.000001Z");
        assertThat(r.latest()).isEqualTo("2026-12-05T08:00:00.000009Z");
        r.add("2026-12-05T07:59:59Z");                  // another form: parsed, earlier
        r.add("2026-12-05T09:00:00.5+01:00");           // = 08:00:00.5Z: later than every other
        r.add("2026-12-05T08:00:00.000003Z");
        assertThat(r.earliest()).isEqualTo("2026-12-05T07:59:59Z");
        assertThat(r.latest()).isEqualTo("2026-12-05T09:00:00.5+01:00");
    }
}
