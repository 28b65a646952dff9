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
            String result = run(new LoadOptions(uri(server), 2_000, 100, 2, 1024, 0, null, null, "smoke", 0));
            assertThat(result).startsWith("RESULT label=smoke ").contains(" not200=0");
            assertThat(value(result, "acked_eps")).isPositive();
            assertThat(value(result, "p99_ms")).isGreaterThanOrEqualTo(value(result, "p50_ms"));
        }
    }

    @Test
    void openLoopRealEventsKeepTheirRate() throws Exception {
        try (ParseOnlyServer server = ParseOnlyServer.start(0)) {
            String result = run(new LoadOptions(uri(server), 1_000, 50, 2, 1024, 2_000,
                    TestData.realAudit(), null, "open", 0));
            assertThat(result).contains(" not200=0");
            // 1,000 events at 2,000 events/s are due over half a second: the run cannot be much faster
            assertThat(value(result, "acked_eps")).isLessThan(2_600);
        }
    }

    @Test
    void bodiesNeverRepeatSoNoneIsDeduplicated() {
        EventBodies bodies = EventBodies.generated(1024);
        EventBodies.Body a = bodies.body(0, 0, 3);
        EventBodies.Body b = bodies.body(1, 0, 3);
        assertThat(a.bytes()).isNotEqualTo(b.bytes());
        assertThat(a.lineBytes()).isEqualTo(3 * 1025L);
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
