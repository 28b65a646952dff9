package dev.kubeaudit.forward.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A webhook receiver on 127.0.0.1 that answers each request with the next step of its script
 * (then 200 once the script is done) and keeps every request: body, Authorization header and the
 * client certificate's subject. A {@link Step#hanging} holds the request until {@link #close()} (at
 * most 10 s); a {@link Step#dropping} closes the connection without an answer.
 */
final class ScriptedReceiver implements AutoCloseable {
    record Step(int status, String retryAfter, String body, boolean hang, boolean drop) {
        static Step answer(int status, String body) {
            return new Step(status, null, body, false, false);
        }

        static Step retryAfter(int status, String value) {
            return new Step(status, value, "slow down", false, false);
        }

        static Step hanging() {
            return new Step(0, null, null, true, false);
        }

        static Step dropping() {
            return new Step(0, null, null, false, true);
        }
    }

    record Request(byte[] body, String authorization, String clientSubject, int answeredWith, long receivedNanos) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final CountDownLatch released = new CountDownLatch(1);
    private final Deque<Step> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();

    private ScriptedReceiver(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    static ScriptedReceiver plain() throws IOException {
        return new ScriptedReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    /** HTTPS with {@code context}; a client certificate is required. */
    static ScriptedReceiver tls(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        return new ScriptedReceiver(server);
    }

    URI uri(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/audit");
    }

    synchronized ScriptedReceiver then(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Step step;
        synchronized (this) {
            step = script.isEmpty() ? Step.answer(200, "") : script.poll();
            requests.add(new Request(body, exchange.getRequestHeaders().getFirst("Authorization"), subject(exchange),
                    step.status(), System.nanoTime()));
        }
        if (step.hang()) {
            await();
        }
        if (step.hang() || step.drop()) {
            exchange.close();
            return;
        }
        if (step.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", step.retryAfter());
        }
        byte[] answer = step.body() == null ? new byte[0] : step.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(step.status(), answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private void await() {
        try {
            released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String subject(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            return null;
        }
        try {
            return https.getSSLSession().getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
