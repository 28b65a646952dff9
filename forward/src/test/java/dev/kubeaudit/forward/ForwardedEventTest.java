package dev.kubeaudit.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedEventTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"kind\":\"Event\",\"auditID\":\"a-1\",\"stage\":\"ResponseComplete\"}                | a-1",
        "{\"objectRef\":{\"auditID\":\"nested\"},\"annotations\":{\"x\":[1,{}]},\"auditID\":\"top\"} | top",
        "{\"requestURI\":\"/x?auditID=\\\"no\\\"\",\"auditID\":\"a-\\u00e9\"}                    | a-é",
    })
    void theKeyIsTheTopLevelAuditIdAndTheLineIsKeptAsGiven(String line, String auditId) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        ForwardedEvent event = ForwardedEvent.ofJsonLine(bytes);
        assertThat(event.auditId()).isEqualTo(auditId);
        assertThat(event.line()).isSameAs(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-12-05T10:00:00Z AUDIT: id=\"a-1\" stage=\"ResponseComplete\" | audit.log line is not a JSON object",
        "{\"kind\":\"Event\",\"stage\":\"ResponseComplete\"}                 | audit.log line has no top-level string auditID",
        "{\"auditID\":7}                                                   | audit.log line has no top-level string auditID",
        "{\"auditID\":                                                     | audit.log line is not valid JSON",
    })
    void aLineWithoutATopLevelAuditIdIsRefused(String line, String message) {
        assertThatThrownBy(() -> ForwardedEvent.ofJsonLine(line.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
