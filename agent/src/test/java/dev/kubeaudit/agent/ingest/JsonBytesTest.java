package dev.kubeaudit.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBytesTest {

    @ParameterizedTest(name = "{0} valid")
    @ValueSource(strings = {
        "", "7b7d", "0a0d0920", "7e7f", "c2a9", "dfbf", "e0a080", "e282ac", "ed9fbf", "ee8080", "efbfbf",
        "f0908080", "f48fbfbf", "f09f9880",
        "41424344454647484950515253545556c3bc"  // 16 ASCII bytes (fast path) then a 2-byte sequence
    })
    void acceptsValidUtf8(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertThat(JsonBytes.firstInvalidByte(b, 0, b.length)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} invalid at {1}")
    @CsvSource({
        "80, 0",              // lone continuation byte
        "c328, 0",            // 2-byte lead then ASCII
        "c0af, 0",            // overlong '/'
        "c1bf, 0",            // overlong
        "e080af, 0",          // overlong 3-byte
        "eda080, 0",          // UTF-16 surrogate
        "f08080af, 0",        // overlong 4-byte
        "f4908080, 0",        // above U+10FFFF
        "f5808080, 0",        // invalid lead
        "ff, 0",
        "e282, 0",            // truncated at the end
        "4142434445464748c3, 8",
        "414200, 2",          // NUL
        "41424344454647481f, 8", // control character after the fast path
        "4142434445464748494a4b4c4d4e4f501b5152, 16"
    })
    void findsTheFirstInvalidByte(String hex, int at) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertThat(JsonBytes.firstInvalidByte(b, 0, b.length)).isEqualTo(at);
    }

    @Test
    void validatesOnlyTheGivenRange() {
        byte[] b = {(byte) 0xff, 'a', 'b', (byte) 0xff};
        assertThat(JsonBytes.firstInvalidByte(b, 1, 3)).isEqualTo(-1);
        assertThat(JsonBytes.firstInvalidByte(b, 1, 4)).isEqualTo(3);
    }

    @Test
    void compactionRemovesWhitespaceOnlyOutsideStrings() {
        String json = "{ \"a b\" :\t[ 1 ,\r\n 2 ],\n \"c\" : \"x \\\" y \\\\\" , \"d\":\"\\u0026 \\n\" }";
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        int n = JsonBytes.compactLength(b, 0, b.length);
        byte[] out = new byte[n];
        JsonBytes.compactInto(b, 0, b.length, out, 0);
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"a b\":[1,2],\"c\":\"x \\\" y \\\\\",\"d\":\"\\u0026 \\n\"}");
    }

    @Test
    void compactJsonStaysTheSameLength() {
        byte[] b = "{\"a\":\"b c\",\"d\":[1,2]}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonBytes.compactLength(b, 0, b.length)).isEqualTo(b.length);
    }

    @Test
    void compactJsonHasNoLooseWhitespace() {
        for (String json : List.of("", "{}", "[1,2,{\"a\":null}]", "{\"a\":\"b c\\t\",\"d\":[true,false]}",
                "{\"k\":\"" + "v".repeat(40) + "\",\"n\":-1.5e3}")) {
            assertThat(looseWhitespace(json)).as(json).isEqualTo(-1);
        }
    }

    @Test
    void whitespaceInsideStringsIsIgnored() {
        String json = "{\"a b\":\"  \\t \\n\t\r\n  \",\"" + " ".repeat(17) + "\":\"\tx\"}";
        assertThat(looseWhitespace(json)).isEqualTo(-1);
        assertThat(looseWhitespace(json + " ")).isEqualTo(json.length());
    }

    @ParameterizedTest(name = "whitespace 0x{0}")
    @ValueSource(strings = {"20", "09", "0d", "0a"})
    void findsEachKindOfWhitespaceOutsideStringsAtItsIndex(String hex) {
        char ws = (char) Integer.parseInt(hex, 16);
        String compact = "{\"aaaaaaaa\":\"b c d e f g\",\"h\":[1,2,3],\"iiiiiiiiiiiiiiiii\":{\"j\":\"k\"}}";
        for (int at = 0; at <= compact.length(); at++) {
            if (insideString(compact, at)) {
                continue;
            }
            String json = compact.substring(0, at) + ws + compact.substring(at) + ws;
            assertThat(looseWhitespace(json)).as("at %d in %s", at, json).isEqualTo(at);
        }
    }

    @Test
    void escapedQuotesAndBackslashesAtEveryWordAlignment() {
        for (int pad = 0; pad < 16; pad++) {
            String a = "a".repeat(pad);
            // An escaped quote followed by in-string whitespace, an escaped backslash right before the closing quote.
            String json = "{\"k\":\"" + a + "\\\" \\\\\" }";
            assertThat(looseWhitespace(json)).as(json).isEqualTo(json.length() - 2);
            // Runs of backslashes: an even run leaves the quote closing, an odd one escapes it.
            String even = "{\"k\":\"" + a + "\\\\\\\\\" ,\"m\":1}";
            assertThat(looseWhitespace(even)).as(even).isEqualTo(even.indexOf(" ,"));
            String odd = "{\"k\":\"" + a + "\\\\\\\" \",\"m\":1} ";
            assertThat(looseWhitespace(odd)).as(odd).isEqualTo(odd.length() - 1);
            // A quote escaped as the very first byte of the string, and strings that are only escapes.
            String first = "[\"" + "\\\"" + a + "\",\"\\\\\",\"\\\"\" ]";
            assertThat(looseWhitespace(first)).as(first).isEqualTo(first.length() - 2);
            for (int offset = 0; offset < 16; offset++) {
                assertThat(looseWhitespaceAt(json, offset)).as("%s at offset %d", json, offset).isEqualTo(json.length() - 2);
                assertThat(looseWhitespaceAt(odd, offset)).as("%s at offset %d", odd, offset).isEqualTo(odd.length() - 1);
            }
        }
    }

    @Test
    void honoursFromAndToWithinALargerArray() {
        byte[] json = "{\"a\":\"x y\",\"b\":1}".getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 16; offset++) {
            byte[] b = new byte[offset + json.length + 16];
            Arrays.fill(b, (byte) ' ');
            System.arraycopy(json, 0, b, offset, json.length);
            assertThat(JsonBytes.firstLooseWhitespace(b, offset, offset + json.length)).as("offset %d", offset).isEqualTo(-1);
            assertThat(JsonBytes.firstLooseWhitespace(b, offset, offset + json.length + 1)).isEqualTo(offset + json.length);
            assertThat(JsonBytes.firstLooseWhitespace(b, offset, offset)).isEqualTo(-1);
        }
        byte[] quoteBefore = "\"{\"a\":1}".getBytes(StandardCharsets.UTF_8);   // the range starts after a quote
        assertThat(JsonBytes.firstLooseWhitespace(quoteBefore, 1, quoteBefore.length)).isEqualTo(-1);
        byte[] spaced = "\" {\"a\":1} ".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonBytes.firstLooseWhitespace(spaced, 2, spaced.length)).isEqualTo(spaced.length - 1);
    }

    @Test
    void multiByteUtf8InStringsIsSkipped() {
        for (int pad = 0; pad < 16; pad++) {
            String json = "{\"ü\":\"" + "é".repeat(pad) + " 😀 \\\" 中文\",\"x\":\"\u00a0\u2028\"}";
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            assertThat(JsonBytes.firstLooseWhitespace(b, 0, b.length)).as(json).isEqualTo(-1);
            byte[] loose = (json + "\n").getBytes(StandardCharsets.UTF_8);
            assertThat(JsonBytes.firstLooseWhitespace(loose, 0, loose.length)).as(json).isEqualTo(b.length);
        }
    }

    @Test
    void compactIntoReturnsTheCompactLength() {
        for (String json : List.of("", "{}", "{ \"a\" : [ 1 , 2 ] }\n", "{\"a\":\"x \\\" \\\\\"}",
                "\t{\r\n\"ü\" :\"😀 \" }  ")) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[b.length + 3];
            assertThat(JsonBytes.compactInto(b, 0, b.length, out, 3)).as(json).isEqualTo(JsonBytes.compactLength(b, 0, b.length));
        }
    }

    /**
     * Real audit events with random whitespace inserted around structural characters outside
     * strings, at random offsets of a larger array: the word-at-a-time scan finds exactly what
     * a byte-by-byte scan finds, and compaction gives back the original event.
     */
    @Test
    void agreesWithAByteByByteScanOnRealEvents() throws IOException {
        List<byte[]> events = realEvents();
        assertThat(events).hasSizeGreaterThan(1000);
        long seed = 0x6b75626561756469L;
        Random random = new Random(seed);
        byte[] whitespace = {' ', '\t', '\r', '\n'};
        int withWhitespace = 0;
        for (int n = 0; n < 2000; n++) {
            byte[] event = events.get(random.nextInt(events.size()));
            byte[] json = withRandomWhitespace(event, random, whitespace);
            int offset = random.nextInt(16);
            byte[] b = new byte[offset + json.length + random.nextInt(16)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) "\" \\\n".charAt(random.nextInt(4));   // what a scan past its range would trip on
            }
            System.arraycopy(json, 0, b, offset, json.length);
            int to = offset + json.length;
            String context = "seed " + seed + ", input " + n;
            int expected = referenceLooseWhitespace(b, offset, to);
            withWhitespace += expected >= 0 ? 1 : 0;
            assertThat(JsonBytes.firstLooseWhitespace(b, offset, to)).as(context).isEqualTo(expected);
            byte[] compact = new byte[JsonBytes.compactLength(b, offset, to)];
            assertThat(JsonBytes.compactInto(b, offset, to, compact, 0)).as(context).isEqualTo(compact.length);
            assertThat(compact).as(context).isEqualTo(event);
        }
        assertThat(withWhitespace).as("inputs with loose whitespace").isBetween(500, 1999);
    }

    private static List<byte[]> realEvents() throws IOException {
        List<byte[]> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestData.realAudit())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    byte[] b = line.getBytes(StandardCharsets.UTF_8);
                    if (line.startsWith("{") && JsonBytes.compactLength(b, 0, b.length) == b.length) {
                        events.add(b);
                    }
                }
            }
        }
        return events;
    }

    /** {@code event} (compact) with whitespace runs around some structural characters; none for about a third. */
    private static byte[] withRandomWhitespace(byte[] event, Random random, byte[] whitespace) {
        int chance = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(200);
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.length * 2);
        boolean inString = false;
        for (int i = 0; i < event.length; i++) {
            byte c = event[i];
            boolean structural = !inString && "{}[]:,".indexOf(c) >= 0;
            if (structural && random.nextInt(1000) < chance) {
                out.write(whitespace[random.nextInt(4)]);
            }
            out.write(c);
            if (inString && c == '\\') {
                out.write(event[++i]);
            } else if (c == '"') {
                inString = !inString;
            }
            if (structural && random.nextInt(1000) < chance) {
                for (int k = random.nextInt(3); k >= 0; k--) {
                    out.write(whitespace[random.nextInt(4)]);
                }
            }
        }
        return out.toByteArray();
    }

    /** The obvious scan: one byte at a time, a backslash in a string skips the next byte. */
    private static int referenceLooseWhitespace(byte[] b, int from, int to) {
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (inString && c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
                return i;
            }
        }
        return -1;
    }

    private static boolean insideString(String json, int at) {
        byte[] b = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
        boolean inString = false;
        for (int i = 0; i < b.length; i++) {
            if (inString && b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                inString = !inString;
            }
        }
        return inString;
    }

    private static int looseWhitespace(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return JsonBytes.firstLooseWhitespace(b, 0, b.length);
    }

    /** The index found in {@code json} placed at {@code offset} of a larger array, relative to the JSON. */
    private static int looseWhitespaceAt(String json, int offset) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[offset + b.length + 8];
        Arrays.fill(big, (byte) '"');
        System.arraycopy(b, 0, big, offset, b.length);
        int found = JsonBytes.firstLooseWhitespace(big, offset, offset + b.length);
        return found < 0 ? found : found - offset;
    }
}
