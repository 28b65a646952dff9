package dev.kubeaudit.search.export;

import dev.kubeaudit.search.plan.TimeWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The folder (or key prefix) of one export run below the destination:
 * {@code export-<since>-<until>-<stamp>}, each time in UTC as {@code 20260501T100000Z} (a fraction
 * of a second only when there is one: {@code 20260501T100000.25Z}), an open end of the window as
 * {@code open}, and the stamp (when the run started) to the second. No ':' in it, which Hadoop paths
 * refuse; it starts with neither '_' nor '.', which engines skip. Each run gets a new folder, so
 * nothing written before is ever replaced; a name already taken refuses the run. Immutable.
 */
public record RunName(String name, Instant stamp) {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    public RunName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stamp, "stamp");
    }

    /** The run exporting {@code window}, started at {@code stamp}. */
    public static RunName of(TimeWindow window, Instant stamp) {
        Instant second = stamp.truncatedTo(ChronoUnit.SECONDS);
        return new RunName("export-" + time(window.since()) + "-" + time(window.until()) + "-" + time(second), second);
    }

    static String time(Instant t) {
        if (t == null) {
            return "open";
        }
        String fraction = "";
        if (t.getNano() != 0) {
            fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            fraction = "." + fraction;
        }
        return SECONDS.format(t) + fraction + "Z";
    }
}
