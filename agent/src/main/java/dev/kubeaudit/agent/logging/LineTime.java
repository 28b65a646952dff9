package dev.kubeaudit.agent.logging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The time of a log line: ISO-8601 in UTC to the millisecond, {@code 2026-05-01T10:00:00.123Z}. Stateless. */
final class LineTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private LineTime() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
