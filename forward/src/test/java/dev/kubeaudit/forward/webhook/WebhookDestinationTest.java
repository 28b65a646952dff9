package dev.kubeaudit.forward.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.forward.ForwardedEvent;
import dev.kubeaudit.forward.webhook.ScriptedReceiver.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook destination against a receiver on 127.0.0.1 that fails, hangs, drops and answers 429 on a script. */
class WebhookDestinationTest {
    static final String PREFIX = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",";

    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

    static List<ForwardedEvent> events(String prefix, int n) {
        List<ForwardedEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + "-" + i;
            events.add(new ForwardedEvent(id, (PREFIX + "\"level\":\"Metadata\",\"auditID\":\"" + id
                    + "\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}").getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    @Test
    void everyBatchIsAcknowledgedInTheEndAndEveryResendIsByteIdentical() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(7).atOffset(ZoneOffset.UTC));
        try (ScriptedReceiver receiver = ScriptedReceiver.plain().then(
                Step.answer(500, "boom"), Step.answer(200, ""),
                Step.hanging(), Step.answer(503, ""),
                Step.retryAfter(429, "2"), Step.retryAfter(429, date),
                Step.dropping(), Step.dropping(), Step.answer(408, ""),
                Step.answer(204, ""));
             WebhookDestination destination = open(receiver.uri("http").toString(), "", Duration.ofSeconds(1))) {
            List<List<ForwardedEvent>> batches = List.of(events("a", 3), events("b", 400), events("c", 1), events("d", 2));
            List<String> reasons = new ArrayList<>();
            List<Duration> waits = new ArrayList<>();
            for (List<ForwardedEvent> batch : batches) {
                for (int attempt = 0; ; attempt++) {
                    assertThat(attempt).as("attempts for one batch").isLessThan(10);
                    try {
                        destination.send(batch);
                        break;
                    } catch (WebhookDeliveryException e) {
                        assertThat(e.retriable()).as(e.getMessage()).isTrue();
                        reasons.add(e.reason());
                        e.retryAfter().ifPresent(waits::add);
                    }
                }
            }
            assertThat(reasons).containsExactly("http_500", "timeout", "http_503", "http_429", "http_429", "io", "http_408");
            assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(7));

            List<ScriptedReceiver.Request> requests = receiver.requests();
            assertThat(requests).as("a dropped connection that had served a request is opened again once at once")
                    .hasSize(12);
            int[] attemptsPerBatch = {2, 8, 1, 1};
            int at = 0;
            for (int b = 0; b < batches.size(); b++) {
                byte[] expected = EventListBody.of(batches.get(b));
                for (int i = 0; i < attemptsPerBatch[b]; i++, at++) {
                    assertThat(requests.get(at).body()).as("request %d (batch %d)", at, b).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void theBodyIsAnEventListWithTheLinesAsItemsWithoutTheirType() {
        List<ForwardedEvent> batch = new ArrayList<>(events("x", 2));
        batch.add(new ForwardedEvent("v1beta1", "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"auditID\":\"v1beta1\"}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(EventListBody.of(batch), StandardCharsets.UTF_8)).isEqualTo(
                "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":["
                        + "{\"level\":\"Metadata\",\"auditID\":\"x-0\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"},"
                        + "{\"level\":\"Metadata\",\"auditID\":\"x-1\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"},"
                        + "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"auditID\":\"v1beta1\"}]}\n");
        assertThat(EventListBody.of(List.of())).asString(StandardCharsets.UTF_8)
                .isEqualTo("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[]}\n");
    }

    @Test
    void aRefusalOtherThan408Or429IsNotRetriableAndNamesStatusAndFirstLine() throws Exception {
        try (ScriptedReceiver receiver = ScriptedReceiver.plain().then(
                Step.answer(400, "\nEventList item 3: not JSON\nmore detail"), Step.answer(302, ""));
             WebhookDestination destination = open(receiver.uri("http").toString(), "", Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> destination.send(events("r", 4)))
                    .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> {
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.status()).hasValue(400);
                        assertThat(e.reason()).isEqualTo("http_400");
                    })
                    .hasMessage("POST of 4 events to '" + receiver.uri("http") + "' failed: HTTP 400: EventList item 3: not JSON");
            assertThatThrownBy(() -> destination.send(events("r", 4)))
                    .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageEndingWith("failed: HTTP 302");
        }
    }

    @Test
    void aHugeRefusalBodyIsReadButOnlyTheStartOfItsFirstLineShown() throws Exception {
        try (ScriptedReceiver receiver = ScriptedReceiver.plain().then(Step.answer(413, "y".repeat(8 << 20)));
             WebhookDestination destination = open(receiver.uri("http").toString(), "", Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> destination.send(events("big", 1)))
                    .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageEndingWith("failed: HTTP 413: " + "y".repeat(200) + "…");
            destination.send(events("big", 1));   // the connection is usable again
        }
    }

    @Test
    void nothingListeningIsARetriableConnectionFailure() throws Exception {
        int port;
        try (ScriptedReceiver gone = ScriptedReceiver.plain()) {
            port = gone.uri("http").getPort();
        }
        try (WebhookDestination destination = open("http://127.0.0.1:" + port + "/", "", Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> destination.send(events("n", 1)))
                    .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.reason()).isEqualTo("connect");
                        assertThat(e.status()).isEmpty();
                    });
        }
    }

    @Test
    void theTokenIsSentAndReadAgainWhenItsFileChanges() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "first-token\n");
        try (ScriptedReceiver receiver = ScriptedReceiver.plain();
             WebhookDestination destination = open(receiver.uri("http").toString(), "tokenFile: token", Duration.ofSeconds(5))) {
            destination.send(events("t", 1));
            Files.writeString(token, "second-token\n");
            destination.send(events("t", 1));   // within a second of the last check: not read again
            clock.advance(Duration.ofSeconds(1));
            destination.send(events("t", 1));
            Files.writeString(token, "");
            clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> destination.send(events("t", 1)))
                    .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.reason()).isEqualTo("credentials");
                    })
                    .hasMessageContaining("tokenFile '" + token.toAbsolutePath() + "': empty token");
            assertThat(receiver.requests()).extracting(ScriptedReceiver.Request::authorization)
                    .containsExactly("Bearer first-token", "Bearer first-token", "Bearer second-token");
        }
    }

    @Test
    void aClosedDestinationRefusesToSend() {
        WebhookDestination destination = open("http://127.0.0.1:9/", "", Duration.ofSeconds(1));
        destination.close();
        destination.close();
        assertThatThrownBy(() -> destination.send(events("c", 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    private WebhookDestination open(String server, String userLines, Duration timeout) {
        return open(dir, clock, server, userLines, timeout);
    }

    /** A destination for a kubeconfig written to {@code dir} with {@code server} and the user's {@code userLines}. */
    static WebhookDestination open(Path dir, Clock clock, String server, String userLines, Duration timeout) {
        try {
            Path file = dir.resolve("webhook.kubeconfig");
            Files.writeString(file, "apiVersion: v1\nkind: Config\ncurrent-context: x\n"
                    + "contexts:\n- name: x\n  context:\n    cluster: c\n    user: u\n"
                    + "clusters:\n- name: c\n  cluster:\n    server: " + server + "\n"
                    + "users:\n- name: u\n  user:\n    " + (userLines.isEmpty() ? "{}" : userLines) + "\n");
            return WebhookDestination.open(WebhookKubeconfig.read(file), timeout, clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
