package dev.kubeaudit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The default build's smoke test of the bench tools: a few thousand events against the parse-only endpoint. */
@Timeout(60)
class LoadGeneratorSmokeTest {

    @Test
    void closedLoopGeneratedEventsAreAllAnswered200() throws Exception {
        try (ParseOnlyServer server = ParseOnlyServer.start(0)) {
            String result = run(new LoadOptions(uri(server), 2_000, 100, 2, 1024, 0, null, null, "smoke", 0, 0));
            assertThat(result).startsWith("RESULT label=smoke ").contains(" not200=0");
            assertThat(value(result, "acked_eps")).isPositive();
            assertThat(value(result, "p99_ms")).isGreaterThanOrEqualTo(value(result, "p50_ms"));
        }
    }

    @Test
    void openLoopRealEventsKeepTheirRate() throws Exception {
        try (ParseOnlyServer server = ParseOnlyServer.start(0)) {
            String result = run(new LoadOptions(uri(server), 1_000, 50, 2, 1024, 2_000,
                    TestData.realAudit(), null, "open", 0, 0));
            assertThat(result).contains(" not200=0");
            // 1,000 events at 2,000 events/s are due over half a second: the run cannot be much faster
            assertThat(value(result, "acked_eps")).isLessThan(2_600);
        }
    }

    @Test
    void closedLoopForADurationCountsWhatWasAnswered() throws Exception {
        try (ParseOnlyServer server = ParseOnlyServer.start(0)) {
            String result = run(new LoadOptions(uri(server), 1, 100, 2, 1024, 0, null, null, "timed", 0, 1));
            assertThat(result).contains(" not200=0");
            assertThat(value(result, "acked_eps")).isGreaterThan(100);
        }
    }

    @Test
    void stampedBodiesNeverRepeatSoNoneIsDeduplicated() {
        EventBodies.Prepared prepared = EventBodies.generated(1024).prepare(URI.create("http://127.0.0.1:1/"), 3, 0);
        String first = new String(prepared.stamp(0).clone(), StandardCharsets.UTF_8);
        String second = new String(prepared.stamp(0x1234abcdL), StandardCharsets.UTF_8);
        assertThat(first).isNotEqualTo(second);
        // the list's metadata and all three auditIDs carry the batch number
        assertThat(second.split("000000001234abcd", -1)).hasSize(5);
        assertThat(prepared.lineBytes()).isEqualTo(3 * 1025L);
        String body = second.substring(second.indexOf("\r\n\r\n") + 4);
        assertThat(second).contains("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
        assertThat(new String(EventBodies.generated(1024).prepare(URI.create("http://h:1/"), 2, 0).stamp(0),
                StandardCharsets.UTF_8)).isNotEqualTo(first.replace("Host: 127.0.0.1:1", "Host: h:1"));
    }

    private static URI uri(ParseOnlyServer server) {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    private static String run(LoadOptions options) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return new LoadGenerator(options).run(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private static double value(String result, String key) {
        for (String pair : result.split(" ")) {
            if (pair.startsWith(key + "=")) {
                return Double.parseDouble(pair.substring(key.length() + 1));
            }
        }
        throw new AssertionError(key + " not in " + result);
    }
}
