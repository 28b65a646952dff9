package dev.kubeaudit.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventListParserTest {
    static final String ITEM = "{\"level\":\"Metadata\",\"auditID\":\"a-1\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}";
    static final String LINE = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\","
            + "\"level\":\"Metadata\",\"auditID\":\"a-1\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}";

    final EventListParser parser = new EventListParser();

    static List<Path> realEventLists() throws IOException {
        try (Stream<Path> files = Files.list(TestData.realWebhook())) {
            return files.filter(p -> p.getFileName().toString().matches("eventlist-\\d+\\.json")).sorted().toList();
        }
    }

    @Test
    void realWebhookItemsBecomeExactlyTheApiserversOwnLogLines() throws Exception {
        List<String> lines = new ArrayList<>();
        List<Path> files = realEventLists();
        assertThat(files).hasSize(6);
        for (Path file : files) {
            byte[] body = Files.readAllBytes(file);
            Batch batch = parser.parse(body, 0, body.length);
            assertThat(batch.apiVersion()).isEqualTo(EventListParser.V1);
            assertThat(batch.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
            batch.items().forEach(item -> lines.add(new String(item, StandardCharsets.UTF_8)));
        }
        List<String> expected = new ArrayList<>(
                Files.readAllLines(TestData.realWebhook().resolve("apiserver-own-audit.log"), StandardCharsets.UTF_8));
        assertThat(expected).hasSize(447);
        Collections.sort(lines);
        Collections.sort(expected);
        assertThat(lines).isEqualTo(expected);
    }

    @Test
    void parsesOnlyTheGivenRangeOfTheArray() throws Exception {
        byte[] body = Files.readAllBytes(realEventLists().get(2));
        byte[] padded = new byte[body.length + 10];
        Arrays.fill(padded, (byte) 0xff);
        System.arraycopy(body, 0, padded, 7, body.length);
        Batch inPlace = parser.parse(padded, 7, body.length);
        Batch plain = parser.parse(body, 0, body.length);
        assertThat(inPlace.items()).hasSameSizeAs(plain.items());
        for (int i = 0; i < plain.items().size(); i++) {
            assertThat(inPlace.items().get(i)).isEqualTo(plain.items().get(i));
        }
        assertThat(inPlace.digest()).isEqualTo(plain.digest());
    }

    @Test
    void prefixesItemsWithKindAndTheEventListsApiVersion() throws Exception {
        Batch batch = parse("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":["
                + ITEM + "," + ITEM.replace("a-1", "a-2") + "]}\n");
        assertThat(lines(batch)).containsExactly(LINE, LINE.replace("a-1", "a-2"));
    }

    @Test
    void emptyItemsIsAnEmptyBatch() throws Exception {
        Batch batch = parse("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[]}");
        assertThat(batch.items()).isEmpty();
        assertThat(batch.apiVersion()).isEqualTo("audit.k8s.io/v1");
    }

    @Test
    void missingApiVersionMeansV1AndKindIsOptional() throws Exception {
        Batch batch = parse("{\"items\":[" + ITEM + "]}");
        assertThat(batch.apiVersion()).isEqualTo(EventListParser.V1);
        assertThat(lines(batch)).containsExactly(LINE);
    }

    @Test
    void v1beta1LinesCarryV1beta1EvenWhenItComesAfterTheItems() throws Exception {
        Batch batch = parse("{\"items\":[" + ITEM + "],\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1beta1\"}");
        assertThat(batch.apiVersion()).isEqualTo(EventListParser.V1BETA1);
        assertThat(lines(batch)).containsExactly(LINE.replace("audit.k8s.io/v1", "audit.k8s.io/v1beta1"));
    }

    @Test
    void anItemWithKindOrApiVersionIsKeptUnchanged() throws Exception {
        String typed = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"level\":\"None\",\"auditID\":\"x\",\"stage\":\"Panic\"}";
        String kindOnly = "{\"level\":\"None\",\"auditID\":\"y\",\"stage\":\"Panic\",\"kind\":\"Event\"}";
        Batch batch = parse("{\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + typed + "," + kindOnly + "]}");
        assertThat(lines(batch)).containsExactly(typed, kindOnly);
    }

    @Test
    void prettyPrintedItemIsCompactedWithoutTouchingStrings() throws Exception {
        String pretty = "{\n  \"level\" : \"Request\",\n  \"auditID\" : \"a b\\u0026c\",\n  \"stage\" :\t\"RequestReceived\",\r\n"
                + "  \"requestURI\" : \"/api?x=1 & y=\\\"2\\\" \\\\ ü 😀\",\n  \"user\" : { \"groups\" : [ \"a\" , \"b\" ] }\n}";
        Batch batch = parse("{\n \"items\" : [\n " + pretty + "\n ]\n}\n\n");
        assertThat(lines(batch)).containsExactly("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\","
                + "\"level\":\"Request\",\"auditID\":\"a b\\u0026c\",\"stage\":\"RequestReceived\","
                + "\"requestURI\":\"/api?x=1 & y=\\\"2\\\" \\\\ ü 😀\",\"user\":{\"groups\":[\"a\",\"b\"]}}");
    }

    @Test
    void digestCoversTheExactBody() throws Exception {
        String body = "{\"items\":[" + ITEM + "]}";
        byte[] a = parse(body).digest();
        byte[] b = parse(body + "\n").digest();
        assertThat(a).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void acceptsNestingOfExactlyTheLimit() throws Exception {
        // EventList (1) + items array (2) + item (3) + 997 nested arrays = 1000 levels
        String nested = "[".repeat(997) + "]".repeat(997);
        Batch batch = parse("{\"items\":[{\"level\":\"None\",\"auditID\":\"x\",\"stage\":\"Panic\",\"deep\":" + nested + "}]}");
        assertThat(batch.items()).hasSize(1);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                                  | empty body: expected an EventList object",
        "`  \n `                                             | empty body: expected an EventList object",
        "[]                                                  | expected an EventList object",
        "`\"items\"`                                         | expected an EventList object",
        "{\"items\":[]                                       | malformed JSON: Unexpected end-of-input",
        "{\"items\":[{\"level\":\"None\",\"audi               | malformed JSON: Unexpected end-of-input",
        "{\"items\":[]}}                                     | malformed JSON: Unexpected close marker",
        "{\"items\":[]} {}                                   | unexpected content after the EventList at byte 13",
        "{\"items\":[]} x                                    | malformed JSON: Unrecognized token 'x'",
        "{items:[]}                                          | malformed JSON: Unexpected character",
        "{\"items\":[],}                                     | malformed JSON: Unexpected character",
        "{}                                                  | items: expected an array",
        "{\"items\":{}}                                      | items: expected an array",
        "{\"items\":null}                                    | items: expected an array",
        "{\"items\":\"[]\"}                                  | items: expected an array",
        "{\"items\":[],\"items\":[]}                         | items: duplicate key",
        "{\"items\":[1]}                                     | items[0]: expected an object",
        "{\"items\":[[]]}                                    | items[0]: expected an object",
        "{\"items\":[{}]}                                    | items[0]: auditID missing or not a string",
        "{\"items\":[{\"auditID\":5,\"stage\":\"a\",\"level\":\"b\"}]} | items[0]: auditID missing or not a string",
        "{\"items\":[{\"auditID\":\"5\",\"stage\":null,\"level\":\"b\"}]} | items[0]: stage missing or not a string",
        "{\"items\":[{\"auditID\":\"5\",\"stage\":\"a\",\"level\":{}}]} | items[0]: level missing or not a string",
        "{\"items\":[{\"auditID\":\"1\",\"stage\":\"a\",\"level\":\"b\"},{\"auditID\":\"2\",\"stage\":\"a\"}]} | items[1]: level missing or not a string",
        "{\"items\":[{\"x\":{\"auditID\":\"1\",\"stage\":\"a\",\"level\":\"b\"}}]} | items[0]: auditID missing or not a string",
        "{\"apiVersion\":\"audit.k8s.io/v2\",\"items\":[]}   | apiVersion: \"audit.k8s.io/v2\" (expected: audit.k8s.io/v1 or audit.k8s.io/v1beta1)",
        "{\"apiVersion\":1,\"items\":[]}                     | apiVersion: expected a string",
        "{\"kind\":\"Event\",\"items\":[]}                   | kind: \"Event\" (expected: EventList)",
        "{\"kind\":\"EventList\",\"kind\":\"EventList\",\"items\":[]} | kind: duplicate key",
    })
    void refusesBadEventLists(String body, String message) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(BadEventListException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String nested = "[".repeat(998) + "]".repeat(998);
        assertThatThrownBy(() -> parse("{\"items\":[{\"level\":\"None\",\"auditID\":\"x\",\"stage\":\"Panic\",\"deep\":" + nested + "}]}"))
                .isInstanceOf(BadEventListException.class)
                .hasMessageContaining("nesting depth (1001) exceeds the maximum allowed (1000");
    }

    @Test
    void refusesInvalidUtf8EvenInsideSkippedStrings() {
        byte[] body = ("{\"items\":[{\"level\":\"None\",\"auditID\":\"x\",\"stage\":\"Panic\",\"other\":\"ab\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(body, StandardCharsets.UTF_8).indexOf("ab\"");
        body[at] = (byte) 0xc3;
        int finalAt = at;
        assertThatThrownBy(() -> parser.parse(body, 0, body.length))
                .isInstanceOf(BadEventListException.class)
                .hasMessage("invalid UTF-8 at byte " + finalAt);
    }

    @Test
    void refusesRawControlCharactersAndByteOrderMarks() {
        assertThatThrownBy(() -> parse("{\"items\":[{\"level\":\"No\u0001ne\",\"auditID\":\"x\",\"stage\":\"Panic\"}]}"))
                .hasMessage("control character 0x01 at byte 22");
        assertThatThrownBy(() -> parse("\uFEFF{\"items\":[]}"))
                .hasMessage("expected an EventList object");
    }

    @Test
    void parsingNeverChangesTheBody() throws Exception {
        String compact = "{\"items\":[" + ITEM + "," + ITEM.replace("a-1", "a-2") + "]}";
        String pretty = "{\n \"items\" : [ {\n  \"level\" : \"Metadata\", \"auditID\" : \"a 1\",\n"
                + "  \"stage\" : \"ResponseComplete\" } ,\r\n\t" + ITEM + " ]\n}\n";
        for (String text : List.of(compact, pretty)) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            byte[] before = body.clone();
            Batch batch = parser.parse(body, 0, body.length);
            assertThat(batch.size()).isEqualTo(2);
            assertThat(body).as(text).isEqualTo(before);
        }
    }

    @Test
    void aCompactBodyIsNotCopiedAndTheSpansPointAtItsItems() throws Exception {
        String typed = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"None\",\"auditID\":\"t\",\"stage\":\"Panic\"}";
        String second = ITEM.replace("a-1", "a-2");
        String text = "{\"kind\":\"EventList\",\"items\":[" + ITEM + "," + typed + "," + second + "]}";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        Batch batch = parser.parse(body, 0, body.length);
        assertThat(batch.data()).isSameAs(body);
        assertThat(span(batch, 0)).isEqualTo(ITEM.substring(1));
        assertThat(batch.start(0)).isEqualTo(text.indexOf(ITEM) + 1);
        assertThat(span(batch, 1)).isEqualTo(typed);
        assertThat(batch.start(1)).isEqualTo(text.indexOf(typed));
        assertThat(span(batch, 2)).isEqualTo(second.substring(1));
        assertThat(new String(batch.prefix(0), StandardCharsets.UTF_8)).isEqualTo("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",");
        assertThat(batch.prefix(1)).isEmpty();
        assertThat(batch.prefix(2)).isEqualTo(batch.prefix(0));
        assertThat(lines(batch)).containsExactly(LINE, typed, LINE.replace("a-1", "a-2"));
        assertThat(batch.itemBytes()).isEqualTo(LINE.length() + typed.length() + LINE.length());
    }

    @Test
    void aCompactBodyAtAnOffsetIsNotCopiedEither() throws Exception {
        byte[] body = ("{\"items\":[" + ITEM + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[body.length + 20];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(body, 0, padded, 13, body.length);
        Batch batch = parser.parse(padded, 13, body.length);
        assertThat(batch.data()).isSameAs(padded);
        assertThat(batch.start(0)).isEqualTo(13 + "{\"items\":[{".length());
        assertThat(lines(batch)).containsExactly(LINE);
    }

    @Test
    void whitespaceInsideAnItemCompactsIntoANewArray() throws Exception {
        String loose = "{\"level\":\"Metadata\", \"auditID\":\"a 2\",\n\"stage\":\t\"ResponseComplete\",\"verb\" :\"get\"}";
        byte[] body = ("{\"items\":[" + ITEM + "," + loose + "]}").getBytes(StandardCharsets.UTF_8);
        Batch batch = parser.parse(body, 0, body.length);
        assertThat(batch.data()).isNotSameAs(body);
        assertThat(lines(batch)).containsExactly(LINE, LINE.replace("a-1", "a 2"));
        assertThat(span(batch, 0)).isEqualTo(ITEM.substring(1));
        assertThat(span(batch, 1)).isEqualTo(ITEM.substring(1).replace("a-1", "a 2"));
        assertThat(batch.data()).hasSize(2 * (ITEM.length() - 1));
    }

    @Test
    void whitespaceOnlyBetweenItemsAndAfterTheBodyIsNotCopied() throws Exception {
        String typed = "{\"apiVersion\":\"audit.k8s.io/v1beta1\",\"level\":\"None\",\"auditID\":\"t\",\"stage\":\"Panic\"}";
        byte[] body = ("{ \"apiVersion\" : \"audit.k8s.io/v1beta1\" ,\n \"items\" : [\n " + ITEM + " ,\r\n\t" + typed
                + "\n ] \n}\n\n  ").getBytes(StandardCharsets.UTF_8);
        Batch batch = parser.parse(body, 0, body.length);
        assertThat(batch.data()).isSameAs(body);
        String v1beta1 = LINE.replace("audit.k8s.io/v1", "audit.k8s.io/v1beta1");
        assertThat(lines(batch)).containsExactly(v1beta1, typed);
        assertThat(new String(batch.prefix(0), StandardCharsets.UTF_8))
                .isEqualTo("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",");
        assertThat(batch.prefix(1)).isEmpty();
    }

    @Test
    void realWebhookBodiesAreNotCopied() throws Exception {
        for (Path file : realEventLists()) {
            byte[] body = Files.readAllBytes(file);
            assertThat(parser.parse(body, 0, body.length).data()).as(file.toString()).isSameAs(body);
        }
    }

    private Batch parse(String body) throws BadEventListException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length);
    }

    /** Event {@code i}'s content as it lies in the batch's array, without its prefix. */
    private static String span(Batch batch, int i) {
        return new String(batch.data(), batch.start(i), batch.contentLength(i), StandardCharsets.UTF_8);
    }

    private static List<String> lines(Batch batch) {
        return batch.items().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}
