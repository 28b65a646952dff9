package dev.kubeaudit.shipper.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Posts audit EventLists to the agent's webhook on 127.0.0.1 like kube-apiserver, remembering what was acknowledged. */
public final class Events {
    private static final Pattern AUDIT_ID = Pattern.compile("\"auditID\":\"([^\"]+)\"");
    private static final String PADDING = "p".repeat(900);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;
    private final AtomicLong next = new AtomicLong();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    public Events(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Posts one batch of {@code n} events (about 1 KiB each); true when answered 200. */
    public boolean post(int n) throws Exception {
        StringBuilder body = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[");
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "ev-" + next.incrementAndGet();
            body.append(i == 0 ? "" : ",").append("{\"level\":\"Metadata\",\"auditID\":\"").append(ids[i])
                    .append("\",\"stage\":\"ResponseComplete\",\"verb\":\"get\",\"requestURI\":\"/").append(PADDING)
                    .append("\"}");
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build();
        boolean ok = client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        if (ok) {
            acknowledged.addAll(java.util.List.of(ids));
        }
        return ok;
    }

    public Set<String> acknowledged() {
        return acknowledged;
    }

    /** How often each audit ID occurs in {@code text} (audit.log lines). */
    public static Map<String, Integer> count(byte[] text, Map<String, Integer> into) {
        Matcher m = AUDIT_ID.matcher(new String(text, StandardCharsets.UTF_8));
        while (m.find()) {
            into.merge(m.group(1), 1, Integer::sum);
        }
        return into;
    }

    public static Map<String, Integer> counts() {
        return new HashMap<>();
    }
}
