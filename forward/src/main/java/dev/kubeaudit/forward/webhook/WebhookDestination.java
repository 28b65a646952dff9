package dev.kubeaudit.forward.webhook;

import dev.kubeaudit.agent.BuildInfo;
import dev.kubeaudit.agent.tls.TlsContexts;
import dev.kubeaudit.forward.Destination;
import dev.kubeaudit.forward.ForwardedEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Posts batches to another audit webhook (Falco's k8saudit plugin, a SIEM, another agent) as
 * kube-apiserver would: one {@code audit.k8s.io/v1} EventList per batch ({@link EventListBody},
 * byte-identical when re-sent), {@code Content-Type: application/json}, the kubeconfig's bearer
 * token, TLS 1.3/1.2 with the kubeconfig's CA and client certificate and the agent's own protocol
 * and cipher choice ({@link TlsContexts#clientParameters()}), over HTTP/1.1.
 *
 * <p>A 2xx acknowledges the batch. Connection errors, timeouts, 408, 429 and 5xx are retriable,
 * with the answer's {@code Retry-After} on the exception; other answers are not, their status and
 * the first line of their body in the message. Each {@link #send} ends within about
 * {@code timeout} (connecting included): reads are bounded by the socket's timeout, and a timer
 * closes the connection under a write the server does not take. The credential files are checked
 * at most once a second and, when any byte changed, read again for the next request (on a new
 * connection); files that cannot be read or do not fit together make sends fail (retriable,
 * reason {@code credentials}) until they do.
 *
 * <p>One kept-open connection written with blocking sockets ({@link PostConnection}), not the
 * JDK's HttpClient: a forwarder sends one batch at a time and waits for its answer, and the
 * HttpClient's selector thread, flow-controlled publishers and buffer copies cost about twice the
 * CPU of forming the batches themselves. {@link #send} is for one thread at a time; {@link
 * #close()} may come from another, ends a request in progress and is idempotent.
 */
public final class WebhookDestination implements Destination {
    private static final Duration CREDENTIAL_CHECK = Duration.ofSeconds(1);
    private static final Duration MAX_CONNECT = Duration.ofSeconds(10);
    private static final int MAX_BODY_LINE = 200;
    private static final int MAX_BODY_KEPT = 4096;
    private static final String USER_AGENT = "kube-audit-agent/" + BuildInfo.current().version();

    private final WebhookKubeconfig config;
    private final Duration timeout;
    private final Clock clock;
    private final Object lock = new Object();
    private final ScheduledThreadPoolExecutor deadlines;
    private PostConnection connection;                        // guarded by lock; used by the sending thread
    private WebhookCredentials credentials;                   // owned by the sending thread
    private Instant checked;                                  // owned by the sending thread
    private boolean closed;                                   // guarded by lock

    private WebhookDestination(WebhookKubeconfig config, Duration timeout, Clock clock, WebhookCredentials credentials) {
        this.config = config;
        this.timeout = timeout;
        this.clock = clock;
        this.credentials = credentials;
        this.connection = newConnection(credentials);
        this.checked = clock.instant();
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "forward-webhook-deadline");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true);
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

    private PostConnection newConnection(WebhookCredentials with) {
        String name = config.tlsServerName() != null ? config.tlsServerName() : config.server().getHost();
        Duration connect = timeout.compareTo(MAX_CONNECT) < 0 ? timeout : MAX_CONNECT;
        return new PostConnection(config.server(), with.sslContext(),
                with.sslContext() == null ? null : TlsContexts.clientParameters(), name, connect, MAX_BODY_KEPT);
    }

    @Override
    public void send(List<ForwardedEvent> events) throws WebhookDeliveryException, InterruptedException {
        refreshCredentials();
        List<String> headers = credentials.bearerToken() == null
                ? List.of("Content-Type", "application/json", "User-Agent", USER_AGENT)
                : List.of("Content-Type", "application/json", "User-Agent", USER_AGENT,
                        "Authorization", "Bearer " + credentials.bearerToken());
        PostConnection.Answer answer = exchange(headers, EventListBody.of(events), events.size());
        int status = answer.status();
        if (status / 100 == 2) {
            return;
        }
        boolean retriable = status == 408 || status == 429 || status >= 500;
        String retryAfterValue = answer.header("retry-after");
        Duration retryAfter = retryAfterValue == null ? null
                : RetryAfter.parse(retryAfterValue, clock.instant()).orElse(null);
        throw failure(events.size(), "HTTP " + status + firstLine(answer.body()), null, retriable, "http_" + status,
                status, retryAfter);
    }

    private PostConnection.Answer exchange(List<String> headers, byte[] body, int count)
            throws WebhookDeliveryException, InterruptedException {
        PostConnection current;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("webhook destination '" + config.server() + "' is closed");
            }
            current = connection;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long ticket = current.begin();
        ScheduledFuture<?> timer = deadlines.schedule(() -> current.abort(ticket), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        try {
            return current.post(headers, body, deadline);
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while posting to '" + config.server() + "'");
            }
            if (isClosed()) {
                throw failure(count, "cancelled by close", e, true, "closed", 0, null);
            }
            if (e instanceof SocketTimeoutException || current.wasAborted()) {
                throw failure(count, "no answer within " + timeout.toMillis() + " ms", e, true, "timeout", 0, null);
            }
            throw failure(count, describe(e), e, true, reason(e), 0, null);
        } finally {
            timer.cancel(false);
            current.end(ticket);
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
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
                PostConnection old;
                synchronized (lock) {
                    old = connection;
                    connection = newConnection(next);
                }
                old.closeSocket();
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
            if (t instanceof SocketTimeoutException) {
                return "timeout";
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
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
        PostConnection current;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            current = connection;
        }
        current.shutdown();
        deadlines.shutdownNow();
    }
}
