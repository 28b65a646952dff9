package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TopLevelFieldsTest {
    private static final byte[] KEY = "\"k\"".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "{\"k\":\"v\"}                                  | v    | v",
        "{\"a\":1,\"k\":\"v\",\"z\":{\"k\":\"inner\"}}  | v    | v",
        "{\"z\":{\"k\":\"inner\"},\"k\":\"v\"}          | v    | v",
        "{\"s\":\"\\\"k\\\":\\\"fake\\\"\",\"k\":\"v\"} | v    | v",
        "{\"k\":\"first\",\"k\":\"second\"}             | first| second",
        "{\"k\":1}                                      | NULL | NULL",
        "{\"k\":{\"x\":\"y\"}}                          | NULL | NULL",
        "{\"a\":[\"k\",\"v\"]}                          | NULL | NULL",
        "{\"a\":\"k\"}                                  | NULL | NULL",
        "{ \"k\" : \"v\" }                              | v    | v",
        "{\"k\":\"a\\\\\"}                              | a\\  | a\\",
        "{\"k\":\"caf\\u00e9 \\\"q\\\"\"}               | café \"q\" | café \"q\"",
        "{\"v\":\"{\",\"k\":\"v\",\"w\":\"}\"}          | v    | v",
        "not json                                       | NULL | NULL",
        "{\"k\":\"unterminated                          | NULL | NULL",
    })
    void findsOnlyTopLevelStringValues(String line, String first, String last) {
        byte[] b = ("xx" + line.strip() + "yy").getBytes(StandardCharsets.UTF_8);
        int len = b.length - 4;
        assertThat(TopLevelFields.first(b, 2, len, KEY)).as("first").isEqualTo(first);
        assertThat(TopLevelFields.last(b, 2, len, KEY)).as("last").isEqualTo(last);
    }

    static Stream<Path> realAuditLogs() throws IOException {
        try (Stream<Path> files = Files.list(TestData.realAudit())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).toList().stream();
        }
    }

    /** Every line of the real audit logs: the same values as a full JSON parse. */
    @ParameterizedTest
    @MethodSource("realAuditLogs")
    void agreesWithAFullParseOnRealEvents(Path log) throws IOException {
        byte[] auditID = "\"auditID\"".getBytes(StandardCharsets.US_ASCII);
        byte[] stage = "\"stageTimestamp\"".getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        for (String line : Files.readAllLines(log)) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode event = JSON.readTree(line);
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            assertThat(TopLevelFields.first(b, 0, b.length, auditID)).isEqualTo(text(event, "auditID"));
            assertThat(TopLevelFields.last(b, 0, b.length, stage)).isEqualTo(text(event, "stageTimestamp"));
            n++;
        }
        assertThat(n).as("event lines in %s", log).isPositive();
    }

    private static String text(JsonNode event, String field) {
        JsonNode v = event.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
