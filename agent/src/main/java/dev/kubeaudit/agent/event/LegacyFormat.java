package dev.kubeaudit.agent.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * kube-apiserver's legacy one-line audit format ({@code --audit-log-format=legacy}), as
 * {@code audit.EventString} in k8s.io/apiserver/pkg/audit/format.go writes it:
 * <pre>{@code
 * <requestReceivedTimestamp, RFC3339Nano> AUDIT: id="…" stage="…" ip="…" method="…" user="…"
 *   groups="…" as="…" asgroups="…" user-agent="…" namespace="…" uri="…" response="…"}</pre>
 * (one line). Every field is quoted as Go's {@code %q} ({@link #quote}); groups are each quoted and
 * joined by commas, then quoted again. Placeholders: no user name ⇒ user and groups {@code <none>};
 * no impersonation ⇒ as {@code <self>}, asgroups {@code <lookup>}; no namespace {@code <none>};
 * no source IP {@code <unknown>}; no responseStatus ⇒ response {@code <deferred>}.
 * <p>The timestamp is printed in UTC with trailing zeros trimmed, as Go's RFC3339Nano does; the
 * webhook carries microseconds only, where the apiserver's own legacy log prints nanoseconds. An
 * event without a (valid RFC 3339) requestReceivedTimestamp prints Go's zero time
 * {@code 0001-01-01T00:00:00Z}. Printability follows the JDK's Unicode tables, which may lag Go's
 * for the newest characters.
 * This is the slow path (a Jackson tree per event). Stateless; safe from any thread.
 */
public final class LegacyFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEX = "0123456789abcdef";
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private LegacyFormat() {
    }

    /**
     * The legacy line for one audit event (its JSON as journaled), without the trailing newline.
     *
     * @throws IllegalArgumentException when {@code eventJson} is not a JSON object
     */
    public static String line(byte[] eventJson) {
        JsonNode event = parse(eventJson);
        String username = text(event.path("user").path("username"));
        JsonNode impersonated = event.path("impersonatedUser");
        String namespace = text(event.path("objectRef").path("namespace"));
        JsonNode status = event.path("responseStatus");
        JsonNode ips = event.path("sourceIPs");
        return timestamp(event.path("requestReceivedTimestamp"))
                + " AUDIT: id=" + quote(text(event.path("auditID")))
                + " stage=" + quote(text(event.path("stage")))
                + " ip=" + quote(ips.size() > 0 ? text(ips.path(0)) : "<unknown>")
                + " method=" + quote(text(event.path("verb")))
                + " user=" + quote(username.isEmpty() ? "<none>" : username)
                + " groups=" + quote(username.isEmpty() || event.path("user").path("groups").size() == 0
                        ? "<none>" : stringSlice(event.path("user").path("groups")))
                + " as=" + quote(impersonated.isObject() ? text(impersonated.path("username")) : "<self>")
                + " asgroups=" + quote(impersonated.path("groups").isArray()
                        ? stringSlice(impersonated.path("groups")) : "<lookup>")
                + " user-agent=" + quote(text(event.path("userAgent")))
                + " namespace=" + quote(namespace.isEmpty() ? "<none>" : namespace)
                + " uri=" + quote(text(event.path("requestURI")))
                + " response=\"" + (status.isObject() ? Integer.toString(status.path("code").asInt()) : "<deferred>")
                + "\"";
    }

    private static JsonNode parse(byte[] eventJson) {
        JsonNode event;
        try {
            // Invalid UTF-8 becomes U+FFFD, as Go's encoding/json decodes it.
            event = JSON.readTree(new String(eventJson, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit event is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("Audit event: " + (event == null ? "empty" : event.getNodeType())
                    + " (expected: a JSON object)");
        }
        return event;
    }

    /** Go's {@code auditStringSlice}: each element %q-quoted, joined by commas. */
    private static String stringSlice(JsonNode list) {
        StringBuilder joined = new StringBuilder();
        for (JsonNode item : list) {
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(quote(text(item)));
        }
        return joined.toString();
    }

    /** A string field; absent or null is Go's empty string. */
    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    /** metav1.MicroTime formatted with Go's time.RFC3339Nano, in UTC. */
    static String timestamp(JsonNode node) {
        Instant time = GO_ZERO_TIME;
        if (node.isTextual()) {
            try {
                time = OffsetDateTime.parse(node.asText()).toInstant();
            } catch (DateTimeParseException e) {
                time = GO_ZERO_TIME; // kube-apiserver never sends one; the event's line is still written
            }
        }
        return rfc3339Nano(time);
    }

    static String rfc3339Nano(Instant time) {
        var utc = time.atOffset(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d",
                utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(), utc.getHour(), utc.getMinute(), utc.getSecond()));
        int nanos = utc.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
            out.append('.').append(fraction);
        }
        return out.append('Z').toString();
    }

    /**
     * Go's {@code strconv.Quote} (what {@code %q} prints for a string): {@code \"} and {@code \\},
     * printable runes as they are, {@code \a \b \f \n \r \t \v}, other control characters as
     * {@code \xNN}, other non-printable runes as backslash-u plus 4 or backslash-U plus 8 hex
     * digits. A lone UTF-16 surrogate stands for U+FFFD, as Go's JSON decoder reads it.
     */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int r = s.codePointAt(i);
            i += Character.charCount(r);
            if (r >= Character.MIN_SURROGATE && r <= Character.MAX_SURROGATE) {
                r = 0xFFFD;
            }
            escapeRune(out, r);
        }
        return out.append('"').toString();
    }

    private static void escapeRune(StringBuilder out, int r) {
        if (r == '"' || r == '\\') {
            out.append('\\').append((char) r);
        } else if (isPrint(r)) {
            out.appendCodePoint(r);
        } else {
            switch (r) {
                case 0x07: out.append("\\a"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case 0x0B: out.append("\\v"); break;
                default:
                    if (r < ' ' || r == 0x7F) {
                        out.append("\\x").append(HEX.charAt(r >> 4)).append(HEX.charAt(r & 0xF));
                    } else if (r < 0x10000) {
                        hex(out.append("\\u"), r, 4);
                    } else {
                        hex(out.append("\\U"), r, 8);
                    }
            }
        }
    }

    private static void hex(StringBuilder out, int r, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX.charAt((r >> shift) & 0xF));
        }
    }

    /** Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int r) {
        if (r < 0x80) {
            return r >= 0x20 && r < 0x7F;
        }
        switch (Character.getType(r)) {
            case Character.UPPERCASE_LETTER: case Character.LOWERCASE_LETTER: case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER: case Character.OTHER_LETTER:
            case Character.NON_SPACING_MARK: case Character.ENCLOSING_MARK: case Character.COMBINING_SPACING_MARK:
            case Character.DECIMAL_DIGIT_NUMBER: case Character.LETTER_NUMBER: case Character.OTHER_NUMBER:
            case Character.CONNECTOR_PUNCTUATION: case Character.DASH_PUNCTUATION: case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION: case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION: case Character.OTHER_PUNCTUATION:
            case Character.MATH_SYMBOL: case Character.CURRENCY_SYMBOL: case Character.MODIFIER_SYMBOL:
            case Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }
}
