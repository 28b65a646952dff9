package dev.kubeaudit.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayoutsTest {
    private static final Instant TIME = Instant.parse("2026-05-01T10:00:00.120Z");
    private final LoggerContext context = new LoggerContext();

    @Test
    void aTextLineHasTheUtcTimeTheLevelTheComponentAndTheMessage() {
        String line = new TextLayout(true).doLayout(event("dev.kubeaudit.agent.ship.Uploads", Level.WARN,
                "Shipping to '{}' fails", null, "s3://b"));
        assertThat(line).isEqualTo("2026-05-01T10:00:00.120Z WARN  ship: Shipping to 's3://b' fails\n");
    }

    @Test
    void underJournaldEveryLineCarriesItsPriorityAndNoTime() {
        String lines = new JournaldLayout(new TextLayout(false)).doLayout(event("dev.kubeaudit.agent.journal.Journal",
                Level.ERROR, "Force failed", new IOException("disk gone"), null));
        List<String> all = lines.lines().toList();
        assertThat(all.get(0)).isEqualTo("<3>ERROR journal: Force failed");
        assertThat(all.get(1)).isEqualTo("<3>java.io.IOException: disk gone");
        assertThat(all).hasSizeGreaterThan(2).allMatch(l -> l.startsWith("<3>"));
        assertThat(lines).endsWith("\n");
    }

    @ParameterizedTest
    @CsvSource({"ERROR, <3>", "WARN, <4>", "INFO, <6>", "DEBUG, <7>", "TRACE, <7>"})
    void eachLevelHasItsSyslogPriority(String level, String prefix) {
        assertThat(JournaldLayout.prefix(Level.toLevel(level))).isEqualTo(prefix);
        assertThat(new JournaldLayout(new JsonLayout()).doLayout(event("io.netty.X", Level.toLevel(level), "m", null,
                null))).startsWith(prefix + "{\"time\":");
    }

    @Test
    void aJsonLineIsOneObjectWithEveryField() throws IOException {
        String message = "quote \" backslash \\ newline \n tab \t control \u0001 unicode é ✓";
        String line = new JsonLayout().doLayout(event("dev.kubeaudit.agent.ingest.WebhookHandler", Level.INFO, message,
                null, null));
        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("time").asText()).isEqualTo("2026-05-01T10:00:00.120Z");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("component").asText()).isEqualTo("ingest");
        assertThat(json.get("logger").asText()).isEqualTo("dev.kubeaudit.agent.ingest.WebhookHandler");
        assertThat(json.get("thread").asText()).isEqualTo("worker-1");
        assertThat(json.get("message").asText()).isEqualTo(message);
        assertThat(json.has("exception")).isFalse();
        assertThat(json.size()).isEqualTo(6);
    }

    @Test
    void aLoggedExceptionIsOneStringFieldWithItsStackTrace() throws IOException {
        IOException failure = new IOException("outer", new IllegalStateException("inner"));
        JsonNode json = new ObjectMapper().readTree(new JsonLayout().doLayout(event("dev.kubeaudit.shipper.Shipper",
                Level.ERROR, "failed", failure, null)));
        assertThat(json.get("component").asText()).isEqualTo("shipper");
        assertThat(json.get("exception").asText()).startsWith("java.io.IOException: outer\n")
                .contains("Caused by: java.lang.IllegalStateException: inner").contains("\tat ");
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable thrown, Object argument) {
        LoggingEvent event = new LoggingEvent(LayoutsTest.class.getName(), context.getLogger(logger), level, message,
                thrown, argument == null ? null : new Object[] {argument});
        event.setInstant(TIME);
        event.setThreadName("worker-1");
        return event;
    }
}
