package dev.kubeaudit.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each edge of the JSON grammar and of the limits, through {@link EventListParser}: the expected
 * answer, and Jackson's agreement ({@link ParserAgreement}).
 */
class JsonScannerTest {
    static final String HEAD = "{\"items\":[{\"auditID\":\"a\",\"stage\":\"s\",\"level\":\"l\",\"x\":";
    static final String TAIL = "}]}";

    final ParserAgreement defaults = new ParserAgreement(IngestLimits.DEFAULTS);

    static Stream<Arguments> values() {
        return Stream.of(
                ok("0"), ok("-0"), ok("7"), ok("-12"), ok("1.5"), ok("-0.25"), ok("0e0"), ok("0E+1"), ok("1e-7"),
                ok("1.5E+10"), ok("-9.87654321e-100"), ok("123456789012345678901234567890"), ok("true"), ok("false"),
                ok("null"), ok("\"\""), ok("\"\\\"\""), ok("\"\\\\\""), ok("\"\\/\""), ok("\"\\b\\f\\n\\r\\t\""),
                ok("\"\\u00e9\\u00E9\\u0000\""), ok("\"\\uD83D\\uDE00\""), ok("\"\\ud800\""), ok("\"\\udc00 \\ud800\\u0041\""),
                ok("\"é€😀\u007f\""), ok("[]"), ok("{}"), ok("[[]]"), ok("[{}]"), ok("{\"a\":[1,{\"b\":null}]}"),
                ok("[1,2,3]"), ok(" [ 1 ,\n2\t,\r\n3 ] "), ok("{\"\":0}"), ok("{\"\\ud83d\\ude00\":1}"),
                ok("{\"\\u0041\":1,\"\\u0041\":2}"),
                bad("01"), bad("-01"), bad("00"), bad("+1"), bad(".5"), bad("1."), bad("1.e5"), bad("1e"), bad("1e+"),
                bad("-"), bad("--1"), bad("0x1"), bad("1_000"), bad("NaN"), bad("Infinity"), bad("-Infinity"),
                bad("True"), bad("tru"), bad("truex"), bad("nul"), bad("nulls"), bad("'a'"), bad("\"\\x\""),
                bad("\"\\'\""), bad("\"\\U00e9\""), bad("\"\\u00e\""), bad("\"\\u00g9\""), bad("\"a\tb\""),
                bad("\"a\nb\""), bad("[1,]"), bad("[,1]"), bad("[1 2]"), bad("{\"a\":1,}"), bad("{\"a\"}"),
                bad("{\"a\":}"), bad("{a:1}"), bad("{'a':1}"), bad("{\"a\" 1}"), bad("{\"a\":1 \"b\":2}"), bad("[1}"),
                bad("{\"a\":1]"), bad("/*c*/1"), bad("//c\n1"), bad("#"), bad("\"open"), bad("["), bad("]"),
                bad("{\"\\ud800\":1}"), bad("{\"\\udc00\":1}"), bad("{\"\\ud800\\u0041\":1}"), bad("{\"\\ud800x\":1}"),
                bad("\u00a0 1"), bad("1 1"), bad(""));
    }

    static Arguments ok(String value) {
        return Arguments.of(value, true);
    }

    static Arguments bad(String value) {
        return Arguments.of(value, false);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("values")
    void acceptsExactlyTheJsonGrammarAsAnItemsValue(String value, boolean accepted) {
        ParserAgreement.Result r = defaults.check(value, utf8(HEAD + value + TAIL));
        assertThat(r.accepted()).as(r.message()).isEqualTo(accepted);
        if (!accepted) {
            assertThat(r.message()).startsWith("malformed JSON: ").containsPattern("at byte \\d+$");
        }
    }

    static Stream<Arguments> bodies() {
        String item = "{\"auditID\":\"a\",\"stage\":\"s\",\"level\":\"l\"}";
        return Stream.of(
                Arguments.of("{\"items\":[{\"auditID\":\"a\",\"stage\":\"s\",\"level\":\"l\",}]}", "malformed JSON: Unexpected character ('}'"),
                Arguments.of("{\"items\":[" + item + ",]}", "malformed JSON: Unexpected character (']'"),
                Arguments.of("{\"items\":[" + item + "}]}", "malformed JSON: Unexpected close marker '}'"),
                Arguments.of("{\"items\":[]}  \n\t\r ", null),
                Arguments.of("{\"items\":[]}/*x*/", "malformed JSON: Unexpected character ('/'"),
                Arguments.of("{\"items\":[]}true", "unexpected content after the EventList at byte 12"),
                Arguments.of("{\"items\":[]}\"\"", "unexpected content after the EventList at byte 12"),
                Arguments.of("{\"items\":[]}]", "malformed JSON: Unexpected close marker ']'"),
                Arguments.of("{\"\\u0069tems\":[" + item + "]}", null),
                Arguments.of("{\"items\":[],\"\\u0069tems\":[]}", "items: duplicate key"),
                Arguments.of("{\"items\":[],\"items\":{}}", "items: duplicate key"),
                Arguments.of("{\"apiVersion\":\"audit.k8s.io\\/v1beta1\",\"items\":[]}", null),
                Arguments.of("{\"apiVersion\":\"audit.k8s.io/v1\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[]}",
                        "apiVersion: duplicate key"),
                Arguments.of("{\"apiVersion\":\"\\u00e9\\ud800\",\"items\":[]}", "apiVersion: \"é\ud800\" (expected"),
                Arguments.of("{\"kind\":\"Event\\u004cist\",\"items\":[]}", null),
                Arguments.of("{\"kind\":01,\"items\":[]}", "malformed JSON: Invalid numeric value: Leading zeroes"),
                Arguments.of("{\"items\":[{\"\\u0061uditID\":\"a\",\"st\\u0061ge\":\"s\",\"level\":\"l\"}]}", null),
                Arguments.of("{\"items\":[{\"auditID\":\"a\",\"auditID\":1,\"stage\":\"s\",\"level\":\"l\"}]}",
                        "items[0]: auditID missing or not a string"),
                Arguments.of("{\"items\":[" + item + ",01]}", "malformed JSON: Invalid numeric value: Leading zeroes"),
                Arguments.of("{\"items\":[" + item + ",\"x\"]}", "items[1]: expected an object"),
                Arguments.of("{\"items\":[\"\\x\"]}", "items[0]: expected an object"),
                Arguments.of("{\"x\":[1,{\"y\":[]},\"\\\\\"],\"items\":[]}", null),
                Arguments.of("{\"x\":[1,{\"y\":[]},\"\\\\\"],\"items\":[]", "malformed JSON: Unexpected end-of-input"),
                Arguments.of("{\"items\":[{\"auditID\":\"a", "malformed JSON: Unexpected end-of-input"),
                Arguments.of("{\"items\":[{\"auditID\":\"a\\u00", "malformed JSON: Unexpected end-of-input"),
                Arguments.of("{\"items\":[{\"auditID\":-", "malformed JSON: Unexpected end-of-input"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("bodies")
    void answersWholeBodiesAsJacksonDid(String body, String refusal) {
        ParserAgreement.Result r = defaults.check(body, utf8(body));
        assertThat(r.accepted()).as(r.message()).isEqualTo(refusal == null);
        if (refusal != null) {
            assertThat(r.message()).startsWith(refusal);
        }
    }

    @Test
    void nestingIsCountedFromTheEventListAndRefusedOnlyPastTheLimit() {
        ParserAgreement five = new ParserAgreement(limits(10, 5, 100, 100));
        assertThat(five.check("5 levels", utf8(HEAD + "[{\"k\":0}]" + TAIL)).accepted()).isTrue();
        ParserAgreement.Result six = five.check("6 levels", utf8(HEAD + "[{\"k\":[]}]" + TAIL));
        assertThat(six.limit()).isEqualTo("json_depth");
        assertThat(six.message()).isEqualTo("JSON over a limit: nesting depth (6) exceeds the maximum allowed (5) at byte "
                + (HEAD.length() + 6));
        ParserAgreement one = new ParserAgreement(limits(10, 1, 100, 100));
        assertThat(one.check("items at 2", utf8("{\"items\":[]}")).limit()).isEqualTo("json_depth");
        assertThat(one.check("a skipped array at 2", utf8("{\"x\":[],\"items\":[]}")).limit()).isEqualTo("json_depth");
        ParserAgreement two = new ParserAgreement(limits(10, 2, 100, 100));
        assertThat(two.check("no item", utf8("{\"items\":[]}")).accepted()).isTrue();
        assertThat(two.check("item at 3", utf8("{\"items\":[{}]}")).limit()).isEqualTo("json_depth");
        assertThat(two.check("non-object item at 3", utf8("{\"items\":[[]]}")).limit()).isEqualTo("json_depth");
        assertThat(two.check("non-string apiVersion at 2", utf8("{\"apiVersion\":{},\"items\":[]}")).message())
                .isEqualTo("apiVersion: expected a string");
        assertThat(one.check("non-string apiVersion at 2", utf8("{\"apiVersion\":{},\"items\":[]}")).limit())
                .isEqualTo("json_depth");
    }

    @Test
    void numbersAreLimitedByTheirDigitsAsJacksonCountsThem() {
        ParserAgreement five = new ParserAgreement(limits(10, 10, 100, 5));
        for (String ok : new String[] {"12345", "-12345", "1.2345", "-1.234", "1e1234", "1.5e+123", "0.0000"}) {
            assertThat(five.check(ok, utf8(HEAD + ok + TAIL)).accepted()).as(ok).isTrue();
        }
        for (String over : new String[] {"123456", "-123456", "1.23456", "12e1234", "1.5E-1234", "0.00000"}) {
            ParserAgreement.Result r = five.check(over, utf8(HEAD + over + TAIL));
            assertThat(r.limit()).as(over).isEqualTo("json_number");
            assertThat(r.message()).as(over).isEqualTo("JSON over a limit: number length (6 digits) exceeds the maximum "
                    + "allowed (5) at byte " + HEAD.length());
        }
    }

    @Test
    void stringsAndNamesAreLimitedByTheirBytesAsWritten() {
        ParserAgreement eight = new ParserAgreement(limits(10, 10, 8, 100));
        for (String ok : new String[] {"abcdefgh", "\\u00e9ab", "éééé", "\\\\\\\\\\\\\\\\", ""}) {
            assertThat(eight.check(ok, utf8(HEAD + "\"" + ok + "\"" + TAIL)).accepted()).as(ok).isTrue();
            assertThat(eight.check(ok, utf8(HEAD + "1,\"" + ok + "\":1" + TAIL)).accepted()).as(ok).isTrue();
        }
        for (String over : new String[] {"abcdefghi", "\\u00e9abc", "ééééa", "\\\\\\\\\\\\\\\\a"}) {
            ParserAgreement.Result value = eight.check(over, utf8(HEAD + "\"" + over + "\"" + TAIL));
            assertThat(value.limit()).as(over).isEqualTo("json_string");
            assertThat(value.message()).as(over).isEqualTo("JSON over a limit: string length (9 bytes) exceeds the "
                    + "maximum allowed (8) at byte " + HEAD.length());
            ParserAgreement.Result name = eight.check(over, utf8(HEAD + "1,\"" + over + "\":1" + TAIL));
            assertThat(name.limit()).as(over).isEqualTo("json_string");
            assertThat(name.message()).as(over).startsWith("JSON over a limit: name length (9 bytes)");
        }
    }

    @Test
    void eventsAreLimitedPerBatch() {
        String item = "{\"auditID\":\"a\",\"stage\":\"s\",\"level\":\"l\"}";
        ParserAgreement two = new ParserAgreement(limits(2, 10, 100, 100));
        assertThat(two.check("2 events", utf8("{\"items\":[" + item + "," + item + "]}")).accepted()).isTrue();
        ParserAgreement.Result three = two.check("3 events", utf8("{\"items\":[" + item + "," + item + "," + item + "]}"));
        assertThat(three.limit()).isEqualTo(EventListParser.EVENTS_PER_BATCH);
        assertThat(three.message()).isEqualTo("more than 2 events in one batch");
        assertThat(two.check("malformed third", utf8("{\"items\":[" + item + "," + item + ",01]}")).limit()).isNull();
    }

    @Test
    void aDocumentOverItsLengthIsRefusedWithItsOwnLabel() {
        IngestSettings settings = new IngestSettings("127.0.0.1", 0, "/", 16, 16, IngestLimits.DEFAULTS);
        byte[] body = utf8("{\"items\":[],\"x\":1}");
        assertThat(body.length).isGreaterThan(16);
        EventListParser parser = new EventListParser(settings);
        assertThatThrownBy(() -> parser.parse(body, 0, body.length))
                .isInstanceOfSatisfying(BadEventListException.class, e -> assertThat(e.limit()).isEqualTo("json_document"))
                .hasMessage("JSON over a limit: document length (18) exceeds the maximum allowed (16)");
    }

    static IngestLimits limits(int events, int depth, int stringBytes, int numberDigits) {
        return new IngestLimits(256, Duration.ofMinutes(2), Duration.ofSeconds(30), 16 << 10, events, depth, stringBytes,
                numberDigits);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
