package dev.kubeaudit.agent.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LegacyFormatTest {
    private static final String CASES = "legacy-format-cases.txt";

    /** Name, event JSON, expected line: from legacy-format-cases.txt (literal text, no Java escaping). */
    static List<Arguments> handWrittenEvents() throws IOException {
        List<String> lines;
        try (InputStream in = LegacyFormatTest.class.getResourceAsStream(CASES)) {
            assertThat(in).as(CASES).isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        }
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# ") && i + 2 < lines.size() && lines.get(i + 1).startsWith("{")) {
                cases.add(Arguments.of(lines.get(i).substring(2), lines.get(i + 1), lines.get(i + 2)));
                i += 2;
            }
        }
        assertThat(cases).hasSize(9);
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handWrittenEvents")
    void writesWhatEventStringWrites(String name, String eventJson, String expected) {
        assertThat(LegacyFormat.line(eventJson.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "plain                 | \"plain\"",
            "``                    | \"\"",
            "`\u001b[31mred`       | \"\\x1b[31mred\"",
            "`tab\tend`            | \"tab\\tend\"",
            "`\u00ad`              | \"\\u00ad\"",
            "`\u0301`              | \"\u0301\"",
            "`€ ∑ ½`               | \"€ ∑ ½\"",
            "`\u3000`              | \"\\u3000\"",
            "`\uD83D\uDE00`        | \"\uD83D\uDE00\"",
            "`\uDBFF\uDFFF`        | \"\\U0010ffff\""})
    void quotesAsGoStrconvQuote(String raw, String quoted) {
        assertThat(LegacyFormat.quote(raw)).isEqualTo(quoted);
    }

    @Test
    void invalidUtf8InTheEventBecomesTheReplacementCharacter() {
        byte[] json = "{\"auditID\":\"x\",\"userAgent\":\"a?b\"}".getBytes(StandardCharsets.UTF_8);
        json["{\"auditID\":\"x\",\"userAgent\":\"a".length()] = (byte) 0xff;
        assertThat(LegacyFormat.line(json)).contains(" user-agent=\"a\uFFFDb\" ");
    }

    @Test
    void refusesWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> LegacyFormat.line("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: a JSON object");
        assertThatThrownBy(() -> LegacyFormat.line("{\"auditID\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void writesTheImpersonatedAndForbiddenEventsOfTheAudit2rbacDemoAsDerivedFromTheGoCode() throws IOException {
        List<String> events = Files.readAllLines(TestData.realAudit().resolve("liggitt-audit2rbac-demo.log"));
        assertThat(events).hasSize(37);
        // These events predate requestReceivedTimestamp (they carry "timestamp"): Go's zero time.
        assertThat(line(events.get(0))).isEqualTo("0001-01-01T00:00:00Z AUDIT:"
                + " id=\"033d17af-082d-4b24-aa22-627752e83d71\" stage=\"ResponseComplete\" ip=\"::1\" method=\"list\""
                + " user=\"system:admin\" groups=\"\\\"system:masters\\\",\\\"system:authenticated\\\"\""
                + " as=\"bob\" asgroups=\"\\\"system:authenticated\\\"\" user-agent=\"\" namespace=\"default\""
                + " uri=\"/api/v1/namespaces/default/pods\" response=\"403\"");
        assertThat(line(events.get(4))).isEqualTo("0001-01-01T00:00:00Z AUDIT:"
                + " id=\"60006562-ced6-4178-ac95-e1a50225b012\" stage=\"ResponseComplete\" ip=\"::1\" method=\"list\""
                + " user=\"system:admin\" groups=\"\\\"system:masters\\\",\\\"system:authenticated\\\"\""
                + " as=\"system:serviceaccount:ns1:sa1\""
                + " asgroups=\"\\\"system:serviceaccounts\\\",\\\"system:serviceaccounts:ns1\\\",\\\"system:authenticated\\\"\""
                + " user-agent=\"\" namespace=\"default\" uri=\"/api/v1/namespaces/default/pods\" response=\"403\"");
        assertThat(line(events.get(9))).isEqualTo("0001-01-01T00:00:00Z AUDIT:"
                + " id=\"eed8aa73-fedf-46b2-88f6-92019cf5e06e\" stage=\"ResponseComplete\" ip=\"::1\" method=\"get\""
                + " user=\"system:admin\" groups=\"\\\"system:masters\\\",\\\"system:authenticated\\\"\""
                + " as=\"bob\" asgroups=\"\\\"system:authenticated\\\"\" user-agent=\"\" namespace=\"<none>\""
                + " uri=\"/api\" response=\"200\"");
    }

    @Test
    void everyAudit2rbacDemoEventCarriesItsOwnFields() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> events = Files.readAllLines(TestData.realAudit().resolve("liggitt-audit2rbac-demo.log"));
        for (String event : events) {
            JsonNode e = json.readTree(event);
            // In this data no field needs an escape except the quotes around group names.
            assertThat(event).doesNotContain("\\u", "\\\\", "\\n");
            String namespace = e.path("objectRef").path("namespace").asText("");
            assertThat(line(event)).isEqualTo("0001-01-01T00:00:00Z AUDIT: id=\"" + e.get("auditID").asText()
                    + "\" stage=\"" + e.get("stage").asText() + "\" ip=\"" + e.get("sourceIPs").get(0).asText()
                    + "\" method=\"" + e.get("verb").asText() + "\" user=\"" + e.at("/user/username").asText()
                    + "\" groups=\"" + quotedTwice(e.at("/user/groups")) + "\" as=\""
                    + e.at("/impersonatedUser/username").asText() + "\" asgroups=\""
                    + quotedTwice(e.at("/impersonatedUser/groups")) + "\" user-agent=\"\" namespace=\""
                    + (namespace.isEmpty() ? "<none>" : namespace) + "\" uri=\"" + e.get("requestURI").asText()
                    + "\" response=\"" + e.at("/responseStatus/code").asInt() + "\"");
        }
    }

    private static String quotedTwice(JsonNode groups) {
        return StreamSupport.stream(groups.spliterator(), false)
                .map(g -> "\\\"" + g.asText() + "\\\"").collect(Collectors.joining(","));
    }

    private static String line(String eventJson) {
        return LegacyFormat.line(eventJson.getBytes(StandardCharsets.UTF_8));
    }
}
