package dev.kubeaudit.agent.status;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.BuildInfo;
import dev.kubeaudit.agent.testing.AgentThreads;
import dev.kubeaudit.agent.testing.AuditTraffic;
import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.agent.testing.TestConfigs;
import dev.kubeaudit.agent.testing.Webhook;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The text-format parser: every rule of the format by hand, then real scrapes of a running agent. */
class PrometheusTextTest {
    @TempDir
    Path dir;

    @AfterEach
    void noAgentThreadOutlivesClose() {
        AgentThreads.awaitNoneAlive(Duration.ofSeconds(5));
    }

    @Test
    void readsCommentsLabelsEscapesSpecialValuesAndTimestamps() {
        PrometheusText.Parsed parsed = PrometheusText.parse(String.join("\n",
                "# HELP m_total A \\\\ backslash and a\\nnewline",
                "# TYPE m_total counter",
                "m_total{a=\"x\\\"y\",b=\"back\\\\slash\",c=\"line\\nbreak\",} 1.5e3 1700000000000",
                "# a plain comment, then a blank line",
                "",
                "not_a_number NaN",
                "bucket{le=\"+Inf\"} +Inf",
                "negative -Inf",
                "  spaced\t{ a = \"1\" , b=\"\" }   -2.5  ",
                "hex 0x1F",
                "colon:name:sum .5",
                "windows_line_end 3\r",
                ""));
        assertThat(parsed.help()).containsEntry("m_total", "A \\ backslash and a\nnewline");
        assertThat(parsed.types()).containsExactly(Map.entry("m_total", "counter"));
        assertThat(parsed.samples()).hasSize(8);
        Sample m = parsed.samples().get(0);
        assertThat(m.name()).isEqualTo("m_total");
        assertThat(m.labels()).containsExactly(Map.entry("a", "x\"y"), Map.entry("b", "back\\slash"),
                Map.entry("c", "line\nbreak"));
        assertThat(m.value()).isEqualTo(1500);
        assertThat(m.timestampMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(parsed.samples().get(1).value()).isNaN();
        assertThat(parsed.samples().get(1).timestampMillis()).isNull();
        assertThat(parsed.samples().get(2).label("le")).isEqualTo("+Inf");
        assertThat(parsed.samples().get(2).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parsed.samples().get(3).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parsed.samples().get(4).labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", ""));
        assertThat(parsed.samples().get(4).value()).isEqualTo(-2.5);
        assertThat(parsed.samples().get(5).value()).isEqualTo(31);
        assertThat(parsed.samples().get(6).name()).isEqualTo("colon:name:sum");
        assertThat(parsed.samples().get(7).value()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "m{a=\"1} 1          | label value not closed",
            "m{a=\"1\\x\"} 1      | escape '\\x' in a label value",
            "m{1a=\"1\"} 1        | label name '1a'",
            "m{a=1} 1             | expected '\"' in the labels",
            "m{a=\"1\" b=\"2\"} 1 | expected ',' or '}' in the labels",
            "m{a=\"1\",a=\"2\"} 1 | label 'a' given twice",
            "m                    | no value",
            "m{}                  | no value",
            "m abc                | value 'abc'",
            "m 1 1.5              | timestamp '1.5'",
            "m 1 2 3              | unexpected text after the timestamp",
            "9m 1                 | metric name '9m'",
            "m-x 1                | unexpected '-' after the name",
            "`# TYPE m bogus`     | type 'bogus'",
            "`# HELP 9m text`     | metric name '9m' in # HELP",
    })
    void refusesAMalformedLineNamingItsNumberAndWhatIsWrong(String line, String problem) {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\n" + line.strip() + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 2: " + problem);
    }

    @Test
    void readsARealScrapeOfARunningAgentLineForLine() throws Exception {
        AuditTraffic traffic = new AuditTraffic(9);
        try (Agent agent = Agent.start(TestConfigs.under(dir), Clock.systemUTC())) {
            Webhook webhook = new Webhook(agent.ingestPort());
            for (int i = 0; i < 4; i++) {
                assertThat(traffic.post(webhook)).isEqualTo(200);
            }
            awaitUntil(Duration.ofSeconds(20), () -> Scrape.value(Scrape.text(agent.metricsPort()),
                    "audit_agent_journal_backlog_events", "") == 0, "36 events written and checkpointed");
            String text = Scrape.text(agent.metricsPort());
            PrometheusText.Parsed parsed = PrometheusText.parse(text);

            long sampleLines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
            assertThat(parsed.samples()).hasSize((int) sampleLines).hasSizeGreaterThan(100);
            assertThat(parsed.types().keySet()).as("every family described (promtool's rule)")
                    .allMatch(parsed.help()::containsKey);
            assertThat(parsed.samples()).allSatisfy(s -> {
                assertThat(parsed.types().keySet()).as(s.name() + " belongs to a typed family")
                        .anyMatch(f -> s.name().equals(f) || s.name().startsWith(f + "_"));
                assertThat(s.labels()).containsEntry("cluster", "default").containsEntry("node", "test-node");
            });

            Samples samples = Samples.parse(text);
            assertThat(samples.value("audit_agent_events_received_total")).isEqualTo(36);
            assertThat(samples.value("audit_agent_recent_events", "stage", "received", "window", "1h")).isEqualTo(36);
            assertThat(samples.value("audit_agent_requests_total", "code", "200")).isEqualTo(4);
            assertThat(samples.value("audit_agent_request_duration_seconds_bucket", "le", "+Inf")).isEqualTo(4);
            assertThat(samples.all("audit_agent_build_info")).singleElement().satisfies(info -> {
                assertThat(info.label("version")).isEqualTo(BuildInfo.current().version());
                assertThat(info.label("revision")).isEqualTo(BuildInfo.current().revision());
                assertThat(info.value()).isEqualTo(1);
            });
            assertThat(samples.value("audit_agent_journal_backlog_age_seconds")).isZero();
        }
    }
}
