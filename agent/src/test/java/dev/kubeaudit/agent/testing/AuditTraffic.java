package dev.kubeaudit.agent.testing;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Audit events as kube-apiserver's webhook posts them: EventLists of {@code eventsPerBatch}
 * real-looking events (Metadata and RequestResponse levels, service accounts and users, reads and
 * writes), each with its own auditID, so every body is unique and never taken for a retry. Remembers
 * every event sent and every event acknowledged (answered 200). Thread-safe.
 */
public final class AuditTraffic {
    private static final Instant START = Instant.parse("2026-11-27T05:00:00Z");
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String[] VERBS = {"get", "list", "watch", "create", "update", "patch", "delete"};
    private static final String[] RESOURCES = {"pods", "configmaps", "secrets", "leases", "deployments", "events"};
    private static final String[] NAMESPACES = {"kube-system", "default", "payments", "monitoring"};
    private static final String[] USERS = {"system:serviceaccount:kube-system:replicaset-controller",
            "system:kube-scheduler", "system:node:cp-1", "alice@example.com"};

    private final int eventsPerBatch;
    private final long salt = ThreadLocalRandom.current().nextLong();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    public AuditTraffic(int eventsPerBatch) {
        if (eventsPerBatch < 1) {
            throw new IllegalArgumentException("eventsPerBatch: " + eventsPerBatch + " (expected: >= 1)");
        }
        this.eventsPerBatch = eventsPerBatch;
    }

    /** Posts the next batch; its events count as acknowledged when the answer is 200. Returns the status. */
    public int post(Webhook webhook) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>(eventsPerBatch);
        byte[] body = nextBatch(ids);
        sent.addAll(ids);
        HttpResponse<String> response = webhook.post(body);
        if (response.statusCode() == 200) {
            acknowledged.addAll(ids);
        }
        return response.statusCode();
    }

    /** Client threads, each with its own connection, posting batches until closed or the agent is gone. */
    public BackgroundLoad startLoad(int port, int clients) {
        return new BackgroundLoad(this, port, clients);
    }

    /** Every event posted so far, answered or not. */
    public Set<String> sent() {
        return Collections.unmodifiableSet(sent);
    }

    /** Every event whose batch was answered 200. */
    public Set<String> acknowledged() {
        return Collections.unmodifiableSet(acknowledged);
    }

    private byte[] nextBatch(List<String> ids) {
        StringBuilder sb = new StringBuilder(eventsPerBatch * 900)
                .append("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
        for (int i = 0; i < eventsPerBatch; i++) {
            long n = sequence.incrementAndGet();
            String id = new UUID(salt, n).toString();
            ids.add(id);
            if (i > 0) {
                sb.append(',');
            }
            appendEvent(sb, id, n);
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendEvent(StringBuilder sb, String id, long n) {
        String verb = VERBS[(int) (n % VERBS.length)];
        String resource = RESOURCES[(int) (n / 7 % RESOURCES.length)];
        String namespace = NAMESPACES[(int) (n / 3 % NAMESPACES.length)];
        String user = USERS[(int) (n / 5 % USERS.length)];
        boolean write = !verb.equals("get") && !verb.equals("list") && !verb.equals("watch");
        String name = resource.substring(0, resource.length() - 1) + "-" + Long.toHexString(n * 2654435761L);
        Instant received = START.plus(n * 137, ChronoUnit.MICROS);
        sb.append("{\"level\":\"").append(write ? "RequestResponse" : "Metadata")
                .append("\",\"auditID\":\"").append(id)
                .append("\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/namespaces/").append(namespace)
                .append('/').append(resource).append(write || verb.equals("get") ? "/" + name : "?limit=500")
                .append("\",\"verb\":\"").append(verb)
                .append("\",\"user\":{\"username\":\"").append(user)
                .append("\",\"groups\":[\"system:authenticated\"]},\"sourceIPs\":[\"10.0.").append(n % 250)
                .append('.').append(n / 250 % 250).append("\"],\"userAgent\":\"kube-controller-manager/v1.36.0")
                .append(" (linux/amd64) kubernetes/6f6cf8b\",\"objectRef\":{\"resource\":\"").append(resource)
                .append("\",\"namespace\":\"").append(namespace).append("\",\"name\":\"").append(name)
                .append("\",\"apiVersion\":\"v1\"},\"responseStatus\":{\"metadata\":{},\"code\":")
                .append(verb.equals("create") ? 201 : 200).append('}');
        if (write) {
            sb.append(",\"requestObject\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"")
                    .append(name).append("\",\"namespace\":\"").append(namespace)
                    .append("\"},\"data\":{\"payload\":\"").append(payload(n)).append("\"}}");
        }
        sb.append(",\"requestReceivedTimestamp\":\"").append(MICROS.format(received))
                .append("\",\"stageTimestamp\":\"").append(MICROS.format(received.plus(1_250, ChronoUnit.MICROS)))
                .append("\",\"annotations\":{\"authorization.k8s.io/decision\":\"allow\",")
                .append("\"authorization.k8s.io/reason\":\"RBAC: allowed by ClusterRoleBinding\"}}");
    }

    /** About 600 characters that differ from event to event. */
    private static String payload(long n) {
        byte[] bytes = new byte[300];
        long x = n * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < bytes.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte) x;
        }
        return HexFormat.of().formatHex(bytes);
    }
}
