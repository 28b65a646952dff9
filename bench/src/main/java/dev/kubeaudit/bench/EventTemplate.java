package dev.kubeaudit.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real event's line cut around its auditID, requestReceivedTimestamp, stageTimestamp and
 * (first) username values, so that copies with other values are written without parsing JSON.
 * Immutable.
 */
final class EventTemplate {
    private static final Pattern FIELD = Pattern.compile(
            "\"(auditID|requestReceivedTimestamp|stageTimestamp|username)\":\"([^\"]*)\"");
    private static final DateTimeFormatter MICRO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final List<String> text;   // text.size() == fields.size() + 1
    private final List<String> fields;
    private final String username;

    private EventTemplate(List<String> text, List<String> fields, String username) {
        this.text = text;
        this.fields = fields;
        this.username = username;
    }

    /** The template of {@code line}, or empty when it lacks one of the four values. */
    static Optional<EventTemplate> of(String line) {
        Matcher m = FIELD.matcher(line);
        List<String> text = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        String username = null;
        int at = 0;
        while (m.find()) {
            if (m.group(1).equals("username")) {
                if (username != null) {
                    continue;
                }
                username = m.group(2);
            }
            text.add(line.substring(at, m.start(2)));
            fields.add(m.group(1));
            at = m.end(2);
        }
        text.add(line.substring(at));
        boolean complete = fields.containsAll(List.of("auditID", "requestReceivedTimestamp", "stageTimestamp", "username"));
        return complete ? Optional.of(new EventTemplate(text, fields, username)) : Optional.empty();
    }

    /** {@code time} as the events' timestamps spell it, for {@link #line}. */
    static String stamp(Instant time) {
        return MICRO.format(time);
    }

    /** Copy {@code n} at {@code stamp} ({@link #stamp}), by {@link SearchArchive#NEEDLE} when {@code needle}, with its newline. */
    byte[] line(long n, String stamp, boolean needle) {
        StringBuilder b = new StringBuilder(text.get(0).length() * 2);
        for (int i = 0; i < fields.size(); i++) {
            b.append(text.get(i));
            b.append(switch (fields.get(i)) {
                case "auditID" -> auditId(n);
                case "username" -> needle ? SearchArchive.NEEDLE : username;
                default -> stamp;
            });
        }
        return b.append(text.get(fields.size())).append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** 00000000-0000-4000-8000-{@code n} in at least 12 hex digits, without String.format's parsing per event. */
    private static String auditId(long n) {
        String hex = Long.toHexString(n);
        return "00000000-0000-4000-8000-" + "0".repeat(Math.max(0, 12 - hex.length())) + hex;
    }
}
