package dev.kubeaudit.agent.verify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the times the command line takes: an ISO instant ({@code 2026-05-01T10:00:00Z}) or a date ({@code 2026-05-01}, its start in UTC). Stateless. */
public final class TimeBound {
    public static final String EXPECTED = "an ISO instant such as 2026-05-01T10:00:00Z or a date such as 2026-05-01";

    private TimeBound() {
    }

    /** @throws IllegalArgumentException naming {@code text} and what was expected */
    public static Instant parse(String text) {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' (expected: " + EXPECTED + ")");
        }
    }
}
