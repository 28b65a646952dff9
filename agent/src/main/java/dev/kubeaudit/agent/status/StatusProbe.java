package dev.kubeaudit.agent.status;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * Takes one look at an agent: GET its /metrics and the /readyz beside it, each within
 * {@code timeout}, and reads them into an {@link AgentStatus} dated by the clock. An agent that
 * does not answer, answers other than 200 on /metrics, or answers something that is not
 * Prometheus text counts as unreachable, with the reason. Thread-safe.
 */
public final class StatusProbe {
    /** How long each request may take by default. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;

    public StatusProbe(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public AgentStatus look(URI metrics) throws InterruptedException {
        String url = metrics.toString();
        HttpResponse<String> answer;
        try {
            answer = get(metrics);
        } catch (IOException e) {
            return AgentStatus.unreachable(url, describe(e), clock.instant());
        }
        if (answer.statusCode() != 200) {
            return AgentStatus.unreachable(url, "answered HTTP " + answer.statusCode(), clock.instant());
        }
        Samples samples;
        try {
            samples = Samples.parse(answer.body());
        } catch (IllegalArgumentException e) {
            return AgentStatus.unreachable(url, "the answer is not Prometheus text: " + e.getMessage(), clock.instant());
        }
        return AgentStatus.read(url, samples, readiness(MetricsAddress.readyz(metrics)), clock.instant());
    }

    private AgentStatus.Readiness readiness(URI readyz) throws InterruptedException {
        try {
            HttpResponse<String> answer = get(readyz);
            return new AgentStatus.Readiness(answer.statusCode() == 200, Integer.toString(answer.statusCode()));
        } catch (IOException e) {
            return new AgentStatus.Readiness(false, "nothing: " + describe(e));
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + HumanUnits.duration(timeout.toMillis() / 1000.0);
        }
        if (e instanceof ConnectException) {
            return "cannot connect" + (e.getMessage() == null ? " (connection refused)" : " (" + e.getMessage() + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
