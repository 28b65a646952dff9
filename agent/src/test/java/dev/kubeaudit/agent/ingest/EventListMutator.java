package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.testing.Webhook;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A reproducible stream of request bodies from a seed: EventLists of real events (when given audit.log
 * lines) or synthetic ones rich in JSON grammar (every escape, number form and literal, nesting,
 * loose whitespace, escaped and repeated field names), some built to sit just under, at or just over
 * one of the {@link IngestLimits}, most of them then broken by one to three byte mutations: flips,
 * structural characters and JSON fragments set or inserted, ranges deleted or duplicated, truncation.
 * Not thread-safe.
 */
final class EventListMutator {
    /** One body and how it was made. */
    record Case(String what, byte[] body) {
    }

    private static final String[] PIECES = {"a", "Z", "0", " ", "é", "€", "😀", "\\\"", "\\\\", "\\/", "\\b", "\\f",
        "\\n", "\\r", "\\t", "\\u00e9", "\\u0041", "\\uD83D\\uDE00", "\\ud800", "\\u20AC", ":", ",", "{", "]"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "1.5", "-0.25", "0e0", "3E-2", "7e+3", "-1.0E+10",
        "123456789", "0.000001", "1e999", "-9.87654321e-100"};
    private static final String[] FRAGMENTS = {",", "]", "}", "[", "{", "\"", "\\", ":", "\\u", "\\u00", "\\x", "1", "-",
        "-0", "01", "+1", "1.", ".5", "1e", "1e+", "true", "tru", "nul", "null", "false", "NaN", "Infinity", ",\"a\":1",
        "{}", "[]", "//", "/*x*/", " ", "\t", "\n", "\r", "'", "é", "\u007f", "\\ud83d\\ude00", "\"\":\"\","};
    private static final String STRUCTURAL = "{}[]:,\"\\ \t\n\r0123456789-+.eEtrfalsnu/'";
    private static final String[] API_VERSIONS = {"\"audit.k8s.io/v1\"", "\"audit.k8s.io/v1beta1\"", "\"audit.k8s.io\\/v1\"",
        "\"audit.k8s.io/v2\"", "1", "null", "\"\""};
    private static final String[] KEYS = {"auditID", "stage", "level", "kind", "apiVersion", "\\u0061uditID",
        "st\\u0061ge", "k\\u0069nd", "verb", "user", "objectRef", "", "\\n", "é"};

    private final Random random;
    private final List<String> realLines;
    private final IngestLimits limits;

    /** Real events when {@code realLines} (v1 audit.log lines) is not empty, else synthetic ones. */
    EventListMutator(long seed, List<String> realLines, IngestLimits limits) {
        this.random = new Random(seed);
        this.realLines = realLines;
        this.limits = limits;
    }

    Case next() {
        String what;
        byte[] body;
        if (random.nextInt(5) == 0) {
            what = "near a limit";
            body = nearLimit();
        } else {
            what = realLines.isEmpty() ? "synthetic" : "real";
            body = realLines.isEmpty() ? utf8(eventList(1 + random.nextInt(4))) : realSlice();
        }
        if (random.nextInt(3) == 0) {
            return new Case(what, body);
        }
        StringBuilder how = new StringBuilder(what).append(", mutations");
        for (int m = 1 + random.nextInt(3); m > 0 && body.length > 0; m--) {
            int kind = random.nextInt(7);
            how.append(' ').append(kind);
            body = mutate(body, kind);
        }
        return new Case(how.toString(), body);
    }

    private byte[] mutate(byte[] b, int kind) {
        int at = random.nextInt(b.length);
        return switch (kind) {
            case 0 -> set(b, at, (byte) (b[at] ^ (1 + random.nextInt(255))));
            case 1 -> set(b, at, (byte) STRUCTURAL.charAt(random.nextInt(STRUCTURAL.length())));
            case 2 -> splice(b, at, at, utf8(FRAGMENTS[random.nextInt(FRAGMENTS.length)]));
            case 3 -> splice(b, at, Math.min(b.length, at + 1 + random.nextInt(20)), new byte[0]);
            case 4 -> java.util.Arrays.copyOf(b, at);
            case 5 -> {
                int to = Math.min(b.length, at + 1 + random.nextInt(40));
                yield splice(b, to, to, java.util.Arrays.copyOfRange(b, at, to));
            }
            default -> at + 1 < b.length ? set(set(b, at, b[at + 1]), at + 1, b[at]) : b;
        };
    }

    private byte[] realSlice() {
        int n = 1 + random.nextInt(5);
        int from = random.nextInt(realLines.size() - n);
        return Webhook.eventList(realLines.subList(from, from + n));
    }

    /** A synthetic EventList whose top-level fields come in a random order, with {@code items} items. */
    private String eventList(int items) {
        StringBuilder sb = new StringBuilder("{").append(ws());
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < items; i++) {
            list.append(i > 0 ? "," + ws() : "").append(item());
        }
        String[] fields = {
            random.nextInt(4) > 0 ? "\"kind\":" + ws() + (random.nextInt(10) > 0 ? "\"EventList\"" : "\"Event\"") : null,
            random.nextBoolean() ? "\"apiVersion\":" + API_VERSIONS[random.nextInt(random.nextInt(6) > 0 ? 3 : 7)] : null,
            random.nextBoolean() ? "\"metadata\":" + value(3) : null,
            "\"" + (random.nextInt(10) > 0 ? "items" : "\\u0069tems") + "\":" + ws() + "[" + ws() + list + ws() + "]",
            random.nextInt(5) == 0 ? "\"" + key() + "\":" + value(3) : null,
        };
        List<String> present = new ArrayList<>();
        for (String f : fields) {
            if (f != null) {
                present.add(f);
            }
        }
        Collections.shuffle(present, random);
        if (random.nextInt(20) == 0) {
            present.add(present.get(random.nextInt(present.size())));
        }
        for (int k = 0; k < present.size(); k++) {
            sb.append(k > 0 ? "," + ws() : "").append(present.get(k)).append(ws());
        }
        return sb.append("}").append(random.nextInt(4) == 0 ? "\n" : "").toString();
    }

    private String item() {
        StringBuilder sb = new StringBuilder("{").append(ws());
        sb.append("\"auditID\":\"").append(string(6)).append("\",").append(ws())
                .append("\"stage\":").append(random.nextInt(30) > 0 ? "\"ResponseComplete\"" : value(1)).append(',')
                .append("\"level\":\"Metadata\"");
        for (int n = random.nextInt(4); n > 0; n--) {
            sb.append(',').append(ws()).append('"').append(key()).append("\":").append(ws()).append(value(4));
        }
        return sb.append(ws()).append('}').toString();
    }

    private String key() {
        return random.nextInt(3) == 0 ? KEYS[random.nextInt(KEYS.length)] : string(1 + random.nextInt(8));
    }

    private String value(int depth) {
        int dice = random.nextInt(depth > 0 ? 8 : 5);
        return switch (dice) {
            case 0, 1 -> "\"" + string(random.nextInt(12)) + "\"";
            case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 3 -> random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null";
            case 4 -> "\"" + string(random.nextInt(3)) + "\"";
            case 5 -> {
                StringBuilder sb = new StringBuilder("[").append(ws());
                for (int n = random.nextInt(4); n > 0; n--) {
                    sb.append(value(depth - 1)).append(n > 1 ? "," + ws() : ws());
                }
                yield sb.append("]").toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("{").append(ws());
                for (int n = random.nextInt(4); n > 0; n--) {
                    sb.append('"').append(key()).append("\"").append(ws()).append(':').append(value(depth - 1))
                            .append(n > 1 ? "," + ws() : ws());
                }
                yield sb.append("}").toString();
            }
        };
    }

    /** String content of {@code pieces} random pieces: ASCII, multi-byte UTF-8 and every escape. */
    private String string(int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(PIECES[random.nextInt(random.nextInt(3) == 0 ? PIECES.length : 4)]);
        }
        return sb.toString();
    }

    /** String content of exactly {@code bytes} bytes as written, mixing every kind of piece. */
    private String stringOfBytes(int bytes) {
        StringBuilder sb = new StringBuilder();
        int length = 0;
        while (length < bytes) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            int n = utf8(piece).length;
            if (length + n > bytes) {
                piece = "x".repeat(bytes - length);
                n = bytes - length;
            }
            sb.append(piece);
            length += n;
        }
        return sb.toString();
    }

    private String ws() {
        int dice = random.nextInt(24);
        return dice > 3 ? "" : new String[] {" ", "\n", "\t", "\r\n  "}[dice];
    }

    /** An EventList with one thing just under, at or just over a limit (its size, the limit, or one more). */
    private byte[] nearLimit() {
        int delta = random.nextInt(3) - 1;
        String head = "{\"items\":[{\"auditID\":\"a\",\"stage\":\"s\",\"level\":\"l\",";
        String tail = "}]}";
        return utf8(switch (random.nextInt(6)) {
            case 0 -> head + "\"x\":" + nested(limits.maxJsonNestingDepth() - 3 + delta) + tail;
            case 1 -> head + "\"x\":\"" + stringOfBytes(stringBytes(delta)) + "\"" + tail;
            case 2 -> head + "\"" + stringOfBytes(stringBytes(delta)) + "\":1" + tail;
            case 3 -> "{\"" + (random.nextBoolean() ? "kind" : "apiVersion") + "\":\"" + stringOfBytes(stringBytes(delta))
                    + "\",\"items\":[]}";
            case 4 -> head + "\"x\":" + number(limits.maxJsonNumberLength() + delta) + tail;
            default -> eventList(Math.min(limits.maxEventsPerBatch(), 200) + delta);
        });
    }

    private int stringBytes(int delta) {
        return Math.max(0, Math.min(limits.maxJsonStringLength(), 1 << 16) + delta);
    }

    /** Arrays and objects nested {@code levels} deep. */
    private String nested(int levels) {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            boolean object = random.nextInt(3) == 0;
            open.append(object ? "{\"k\":" : "[");
            close.insert(0, object ? '}' : ']');
        }
        return open.append(levels > 0 ? "0" : "[]").append(close).toString();
    }

    /** A number of exactly {@code digits} digits (at least one), in a random valid shape. */
    private String number(int digits) {
        digits = Math.max(1, digits);
        int fraction = digits > 1 && random.nextBoolean() ? 1 + random.nextInt(digits - 1) : 0;
        int exponent = digits - fraction > 1 && random.nextBoolean() ? 1 + random.nextInt(digits - fraction - 1) : 0;
        int integer = digits - fraction - exponent;
        StringBuilder sb = new StringBuilder(random.nextBoolean() ? "-" : "");
        sb.append(integer == 1 && random.nextBoolean() ? "0" : "1" + "7".repeat(integer - 1));
        if (fraction > 0) {
            sb.append('.').append("0".repeat(fraction));
        }
        if (exponent > 0) {
            sb.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[random.nextInt(3)])
                    .append("9".repeat(exponent));
        }
        return sb.toString();
    }

    private static byte[] set(byte[] b, int at, byte value) {
        byte[] out = b.clone();
        out[at] = value;
        return out;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, from);
        out.writeBytes(insert);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
