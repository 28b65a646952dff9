package dev.kubeaudit.forward.webhook;

import dev.kubeaudit.agent.tls.TlsContexts;
import dev.kubeaudit.forward.Destination;
import dev.kubeaudit.forward.ForwardedEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Posts batches to another audit webhook (Falco's k8saudit plugin, a SIEM, another agent) as
 * kube-apiserver would: one {@code audit.k8s.io/v1} EventList per batch ({@link EventListBody},
 * byte-identical when re-sent), {@code Content-Type: application/json}, the kubeconfig's bearer
 * token, TLS 1.3/1.2 with the kubeconfig's CA and client certificate and the agent's own protocol
 * and cipher choice ({@link TlsContexts#clientParameters()}).
 *
 * <p>A 2xx acknowledges the batch. Connection errors, timeouts, 408, 429 and 5xx are retriable,
 * with the answer's {@code Retry-After} on the exception; other answers are not, their status and
 * the first line of their body in the message. Each {@link #send} ends within about
 * {@code timeout} (connecting included). The credential files are checked at most once a second
 * and, when any byte changed, read again for the next request; files that cannot be read or do
 * not fit together make sends fail (retriable, reason {@code credentials}) until they do.
 *
 * <p>The JDK's {@link HttpClient}, not Netty: one request at a time needs no pipeline of our own,
 * and connect, request and TLS timeouts, connection reuse and HTTP/1.1 framing come with it.
 * {@link #send} is for one thread at a time; {@link #close()} may come from another, cancels a
 * request in progress and is idempotent. Java 17's client has no close of its own: its selector
 * thread ends once the client (replaced on a credential change, dropped on close) is collected.
 */
public final class WebhookDestination implements Destination {
    private static final Duration CREDENTIAL_CHECK = Duration.ofSeconds(1);
    private static final Duration MAX_CONNECT = Duration.ofSeconds(10);
    private static final int MAX_BODY_LINE = 200;
    private static final int MAX_BODY_KEPT = 4096;

    private final WebhookKubeconfig config;
    private final Duration timeout;
    private final Clock clock;
    private final Object lock = new Object();
    private HttpClient client;                                // owned by the sending thread
    private WebhookCredentials credentials;                   // owned by the sending thread
    private Instant checked;                                  // owned by the sending thread
    private CompletableFuture<?> inFlight;                    // guarded by lock
    private boolean closed;                                   // guarded by lock

    private WebhookDestination(WebhookKubeconfig config, Duration timeout, Clock clock, WebhookCredentials credentials) {
        this.config = config;
        this.timeout = timeout;
        this.clock = clock;
        this.credentials = credentials;
        this.client = newClient(credentials);
        this.checked = clock.instant();
    }

    /**
     * A destination for the kubeconfig's server; reads its credentials now (connects lazily).
     *
     * @throws IllegalArgumentException naming the kubeconfig, key and file when a credential cannot
     *         be read or used, or when {@code timeout} is not positive
     */
    public static WebhookDestination open(WebhookKubeconfig config, Duration timeout, Clock clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        try {
            return new WebhookDestination(config, timeout, clock, WebhookCredentials.load(config));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private HttpClient newClient(WebhookCredentials with) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout.compareTo(MAX_CONNECT) < 0 ? timeout : MAX_CONNECT);
        if (with.sslContext() != null) {
            builder.sslContext(with.sslContext()).sslParameters(TlsContexts.clientParameters());
        }
        return builder.build();
    }

    @Override
    public void send(List<ForwardedEvent> events) throws WebhookDeliveryException, InterruptedException {
        refreshCredentials();
        HttpRequest.Builder request = HttpRequest.newBuilder(config.server())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventListBody.of(events)));
        if (credentials.bearerToken() != null) {
            request.header("Authorization", "Bearer " + credentials.bearerToken());
        }
        HttpResponse<byte[]> response = exchange(request.build(), events.size());
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        boolean retriable = status == 408 || status == 429 || status >= 500;
        Duration retryAfter = response.headers().firstValue("Retry-After")
                .flatMap(v -> RetryAfter.parse(v, clock.instant())).orElse(null);
        throw failure(events.size(), "HTTP " + status + firstLine(response.body()), null, retriable, "http_" + status,
                status, retryAfter);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, int count) throws WebhookDeliveryException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> answer;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("webhook destination '" + config.server() + "' is closed");
            }
            answer = client.sendAsync(request, CappedBody.handler(MAX_BODY_KEPT));
            inFlight = answer;
        }
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw failure(count, "no answer within " + timeout.toMillis() + " ms", e, true, "timeout", 0, null);
        } catch (CancellationException e) {
            throw failure(count, "cancelled by close", e, true, "closed", 0, null);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw failure(count, describe(cause), cause, true, reason(cause), 0, null);
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
        }
    }

    /** Reads the credential files again when due and changed; the next request uses them. */
    private void refreshCredentials() throws WebhookDeliveryException {
        Instant now = clock.instant();
        if (now.isBefore(checked.plus(CREDENTIAL_CHECK))) {
            return;
        }
        try {
            if (!WebhookCredentials.fingerprint(config).equals(credentials.fingerprint())) {
                WebhookCredentials next = WebhookCredentials.load(config);
                client = newClient(next);
                credentials = next;
            }
            checked = now;
        } catch (IOException e) {
            throw new WebhookDeliveryException("Webhook credentials for '" + config.server() + "' could not be read"
                    + " again: " + e.getMessage(), e, true, "credentials", 0, null);
        }
    }

    private WebhookDeliveryException failure(int count, String what, Throwable cause, boolean retriable, String reason,
                                             int status, Duration retryAfter) {
        return new WebhookDeliveryException("POST of " + count + " events to '" + config.server() + "' failed: " + what
                + (retryAfter == null ? "" : " (Retry-After: " + retryAfter.toSeconds() + " s)"),
                cause, retriable, reason, status, retryAfter);
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (t instanceof ConnectException) {
                return "connect";
            }
            if (t instanceof SSLException) {
                return "tls";
            }
        }
        return "io";
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : " (" + message + ")");
    }

    private static String firstLine(byte[] body) {
        String line = new String(body, StandardCharsets.UTF_8)
                .lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        if (line.isEmpty()) {
            return "";
        }
        return ": " + (line.length() > MAX_BODY_LINE ? line.substring(0, MAX_BODY_LINE) + "…" : line);
    }

    @Override
    public void close() {
        CompletableFuture<?> pending;
        synchronized (lock) {
            closed = true;
            pending = inFlight;
        }
        if (pending != null) {
            pending.cancel(true);
        }
    }
}
