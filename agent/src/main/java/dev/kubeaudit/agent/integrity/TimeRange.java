package dev.kubeaudit.agent.integrity;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The earliest and latest of a stream of RFC 3339 times, kept as written ({@code stageTimestamp}s of
 * events, or of manifests). Times in kube-apiserver's fixed-width UTC form
 * ({@code yyyy-MM-ddTHH:mm:ss.ffffffZ}) are compared as text, which is their time order; any other
 * form is parsed; text that is no time is skipped. Not thread-safe.
 */
public final class TimeRange {
    private static final String MICRO_TIME = "dddd-dd-ddTdd:dd:dd.ddddddZ";

    private String minText;
    private String maxText;
    private Instant min;   // parsed lazily: null until a time in another form needs it
    private Instant max;

    /** Takes {@code text} into the range; null and text that is no time are skipped. */
    public void add(String text) {
        if (text == null) {
            return;
        }
        if (minText != null && microTime(text) && microTime(minText) && microTime(maxText)) {
            if (text.compareTo(minText) < 0) {
                minText = text;
                min = null;
            }
            if (text.compareTo(maxText) > 0) {
                maxText = text;
                max = null;
            }
            return;
        }
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeParseException e) {
            return;
        }
        if (minText == null || t.isBefore(min())) {
            min = t;
            minText = text;
        }
        if (maxText == null || t.isAfter(max())) {
            max = t;
            maxText = text;
        }
    }

    /** The earliest time taken, as written; null when none. */
    public String earliest() {
        return minText;
    }

    /** The latest time taken, as written; null when none. */
    public String latest() {
        return maxText;
    }

    private Instant min() {
        if (min == null) {
            min = Instant.parse(minText);
        }
        return min;
    }

    private Instant max() {
        if (max == null) {
            max = Instant.parse(maxText);
        }
        return max;
    }

    private static boolean microTime(String s) {
        if (s.length() != MICRO_TIME.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char form = MICRO_TIME.charAt(i);
            char c = s.charAt(i);
            if (form == 'd' ? c < '0' || c > '9' : c != form) {
                return false;
            }
        }
        return true;
    }
}
