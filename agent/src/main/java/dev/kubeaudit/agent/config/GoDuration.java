package dev.kubeaudit.agent.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Go's {@code time.ParseDuration} reads them ("0", "500ms", "30s", "10m",
 * "1h30m", "1.5h"; units ns, us, µs, ms, s, m, h), plus "d" for days of 24 hours ("2d").
 * Never negative. Stateless.
 */
public final class GoDuration {
    public static final String EXPECTED = "a duration >= 0 such as 0, 500ms, 30s, 10m, 1h30m or 2d";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d", 86_400_000_000_000L);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** @throws IllegalArgumentException when {@code text} is not such a duration */
    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < text.length()) {
            if (!part.find(at) || part.start() != at) {
                throw new IllegalArgumentException("not a duration: " + text);
            }
            BigDecimal count = new BigDecimal(part.group(1).endsWith(".") ? part.group(1) + "0" : part.group(1));
            nanos = nanos.add(count.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
            at = part.end();
        }
        if (at == 0 || nanos.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
