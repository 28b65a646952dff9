package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.testing.Webhook;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One fuzzed webhook request: a body made from real EventLists by one mutation, a content type and
 * how its length is declared. {@link #generator} makes a reproducible stream of them from a seed.
 */
record FuzzCase(String mutation, byte[] body, String contentType, Framing framing, int declaredDelta) {
    enum Framing { LENGTH, CHUNKED, SHORTER, LONGER }

    /** The bytes the server takes as the body: all of it, or the declared prefix when the length is short. */
    byte[] bodyAsReceived() {
        if (framing == Framing.SHORTER) {
            return java.util.Arrays.copyOf(body, body.length - declaredDelta);
        }
        return body;
    }

    static Generator generator(List<String> realLines, long seed) {
        return new Generator(realLines, new Random(seed));
    }

    /** Makes cases; not thread-safe. */
    static final class Generator {
        private static final String[] CONTENT_TYPES = {"text/plain", "application/x-www-form-urlencoded", "",
                "application/json; charset=utf-8", "APPLICATION/JSON", "application/jsonx", "application/yaml"};
        private static final byte[][] INVALID_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {0x01}};

        private final List<String> lines;
        private final Random random;
        private final List<byte[]> earlier = new ArrayList<>();

        private Generator(List<String> lines, Random random) {
            this.lines = lines;
            this.random = random;
        }

        FuzzCase next() {
            int dice = random.nextInt(100);
            byte[] valid = slice();
            if (dice < 25) {
                return plain("valid", valid);
            } else if (dice < 30 && !earlier.isEmpty()) {
                return plain("identical", earlier.get(random.nextInt(earlier.size())));
            } else if (dice < 40) {
                return plain("truncated", java.util.Arrays.copyOf(valid, random.nextInt(valid.length)));
            } else if (dice < 50) {
                return plain("flipped", flip(valid));
            } else if (dice < 58) {
                return plain("deleted range", cut(valid, false));
            } else if (dice < 66) {
                return plain("duplicated range", cut(valid, true));
            } else if (dice < 73) {
                return plain("invalid UTF-8", insert(valid, INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]));
            } else if (dice < 78) {
                int depth = 500 + random.nextInt(1000);
                return plain("deep nesting", field(valid, "[".repeat(depth) + "]".repeat(depth)));
            } else if (dice < 83) {
                return plain("huge string", field(valid, "\"" + "x".repeat(1 + random.nextInt(96 << 10)) + "\""));
            } else if (dice < 88) {
                return plain("huge number", field(valid, "1" + "7".repeat(random.nextInt(3000))
                        + (random.nextBoolean() ? ".5e3" : "")));
            } else if (dice < 94) {
                String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
                return new FuzzCase("content type", valid, type, Framing.LENGTH, 0);
            }
            return framed(valid);
        }

        private FuzzCase framed(byte[] valid) {
            int dice = random.nextInt(100);
            if (dice < 45) {
                return new FuzzCase("chunked", valid, "application/json", Framing.CHUNKED, 0);
            } else if (dice < 97) {
                int delta = 1 + random.nextInt(Math.max(1, valid.length - 1));
                return new FuzzCase("shorter length", valid, "application/json", Framing.SHORTER, Math.min(delta, valid.length));
            }
            return new FuzzCase("longer length", valid, "application/json", Framing.LONGER, 1 + random.nextInt(100));
        }

        private FuzzCase plain(String mutation, byte[] body) {
            return new FuzzCase(mutation, body, "application/json", Framing.LENGTH, 0);
        }

        /** An EventList of 1 to 5 consecutive real events, with 0 to 3 trailing whitespace bytes. */
        private byte[] slice() {
            int n = 1 + random.nextInt(5);
            int from = random.nextInt(lines.size() - n);
            byte[] body = Webhook.eventList(lines.subList(from, from + n));
            byte[] out = java.util.Arrays.copyOf(body, body.length + random.nextInt(4));
            java.util.Arrays.fill(out, body.length, out.length, (byte) ' ');
            if (earlier.size() < 200) {
                earlier.add(out);
            }
            return out;
        }

        private byte[] flip(byte[] b) {
            byte[] out = b.clone();
            for (int i = 1 + random.nextInt(5); i > 0; i--) {
                out[random.nextInt(out.length)] ^= (byte) (1 + random.nextInt(255));
            }
            return out;
        }

        private byte[] cut(byte[] b, boolean duplicate) {
            int from = random.nextInt(b.length);
            int to = from + random.nextInt(Math.min(200, b.length - from) + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(b, 0, duplicate ? to : from);
            if (duplicate) {
                out.write(b, from, to - from);
            }
            out.write(b, to, b.length - to);
            return out.toByteArray();
        }

        private byte[] insert(byte[] b, byte[] what) {
            int at = random.nextInt(b.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(b, 0, at);
            out.writeBytes(what);
            out.write(b, at, b.length - at);
            return out.toByteArray();
        }

        /** The body with {@code "fuzz":<json>,} added at the start of its first item. */
        private byte[] field(byte[] b, String json) {
            String text = new String(b, StandardCharsets.UTF_8);
            int at = text.indexOf("[{") + 2;
            return (text.substring(0, at) + "\"fuzz\":" + json + "," + text.substring(at)).getBytes(StandardCharsets.UTF_8);
        }
    }
}
