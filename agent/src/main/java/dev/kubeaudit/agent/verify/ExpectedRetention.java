package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Lock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** The Object Lock every archived object should have ({@code --expect-retention MODE:DAYS}): the mode, and the days from its record's time. Immutable. */
public record ExpectedRetention(Lock.Mode mode, int days) {
    public static final String EXPECTED = "MODE:DAYS with MODE GOVERNANCE or COMPLIANCE and DAYS >= 1, e.g. COMPLIANCE:365";

    public ExpectedRetention {
        Objects.requireNonNull(mode, "mode");
        if (mode == Lock.Mode.UNKNOWN || days < 1) {
            throw new IllegalArgumentException(mode + ":" + days + " (expected: " + EXPECTED + ")");
        }
    }

    /** @throws IllegalArgumentException naming {@code text} and the expected form */
    public static ExpectedRetention parse(String text) {
        int colon = text.indexOf(':');
        try {
            Lock.Mode mode = Lock.Mode.valueOf(text.substring(0, Math.max(colon, 0)).toUpperCase(Locale.ROOT));
            return new ExpectedRetention(mode, Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' (expected: " + EXPECTED + ")");
        }
    }

    public Duration period() {
        return Duration.ofDays(days);
    }

    /** True when a version locked in {@code found} satisfies this mode (COMPLIANCE satisfies GOVERNANCE too). */
    public boolean modeSatisfiedBy(Lock.Mode found) {
        return found == mode || found == Lock.Mode.COMPLIANCE;
    }
}
