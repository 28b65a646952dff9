package dev.kubeaudit.search.cli;

import dev.kubeaudit.agent.config.GoDuration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A time as {@code --since}/{@code --until} take it: a duration back from now ({@code 7d},
 * {@code 24h}, {@code 90m}, {@code 1h30m}), an RFC 3339 time ({@code 2026-05-01T10:00:00Z},
 * {@code 2026-05-01T12:00:00+02:00}) or a date (its start in UTC). Stateless.
 */
final class TimeArg {
    static final String EXPECTED = "a duration such as 7d, 24h or 90m, an RFC 3339 time such as"
            + " 2026-05-01T10:00:00Z, or a date such as 2026-05-01";

    private TimeArg() {
    }

    /** @throws IllegalArgumentException naming {@code text} and what was expected */
    static Instant parse(String text, Instant now) {
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.length() > 10 && text.matches("\\d{4}-\\d{2}-\\d{2}[Tt ].*")) {
                return OffsetDateTime.parse(text.substring(0, 10) + 'T' + text.substring(11).replace('z', 'Z')).toInstant();
            }
            return now.minus(GoDuration.parse(text));
        } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' (expected: " + EXPECTED + ")");
        }
    }
}
