package dev.kubeaudit.search.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeaudit.search.archivesql.ExampleQuestions;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generated audit.k8s.io/v1 events for the golden questions, as compact JSON lines the way
 * kube-apiserver writes them: a secret deleted by one user among other secret traffic, one user's
 * actions spread over hours, 403s of a service account, exec and attach into pods, a user whose
 * name holds non-ASCII letters and one whose name holds {@code '} and {@code ;}, a multi-MiB
 * request object, and background noise. Each batch is stamped with the time it is posted at. The
 * lines are the single source the tests compute their expected answers from. Not thread-safe.
 */
public final class GoldenEvents {
    public static final String DELETER = "bob";
    public static final String SECRET = ExampleQuestions.SECRET_NAME;
    public static final String SECRET_NAMESPACE = ExampleQuestions.SECRET_NAMESPACE;
    public static final String ALICE = ExampleQuestions.USER;
    public static final String NON_ASCII_USER = "zoë.ünïcødé@例え.jp";
    public static final String QUOTED_USER = "o'brien; DROP TABLE events; --";
    public static final String FORBIDDEN_SA = "system:serviceaccount:ci:deployer";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MICRO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final List<String> all = new ArrayList<>();
    private long serial;

    /** Every line generated so far, in order. */
    public List<String> all() {
        return List.copyOf(all);
    }

    /** A batch of ordinary traffic with the given special events mixed in, the newest stamped {@code at}. */
    public List<String> batch(Instant at, Kind... kinds) {
        List<String> lines = new ArrayList<>();
        Instant t = at.minusSeconds(60);
        for (int i = 0; i < 12; i++) {
            lines.add(event(t = t.plusMillis(1500), "system:kube-scheduler", List.of("system:authenticated"), "get",
                    "leases", "kube-system", "kube-scheduler", "", "coordination.k8s.io", 200, null));
            lines.add(event(t = t.plusMillis(1500), ALICE, List.of("dev", "system:authenticated"),
                    i % 3 == 0 ? "list" : "get", "pods", "shop", i % 2 == 0 ? "web-0" : "", "", "", 200, null));
            lines.add(event(t = t.plusMillis(1500), "system:serviceaccount:payments:api", List.of("system:serviceaccounts"),
                    "get", "secrets", SECRET_NAMESPACE, SECRET, "", "", 200, null));
        }
        for (Kind kind : kinds) {
            t = t.plusMillis(700);
            lines.add(switch (kind) {
                case DELETE_SECRET -> event(t, DELETER, List.of("ops"), "delete", "secrets", SECRET_NAMESPACE, SECRET, "", "",
                        200, null);
                case FORBIDDEN -> event(t, FORBIDDEN_SA, List.of("system:serviceaccounts"), "create", "deployments",
                        "prod", "", "", "apps", 403, null);
                case EXEC -> event(t, ALICE, List.of("dev"), "create", "pods", "kube-system", "etcd-cp-1", "exec", "", 101, null);
                case ATTACH -> event(t, "mallory", List.of("dev"), "create", "pods", "kube-system", "kube-proxy-x", "attach", "",
                        101, null);
                case NON_ASCII -> event(t, NON_ASCII_USER, List.of("gäste"), "update", "configmaps", "shop", "grüße", "", "",
                        200, null);
                case QUOTED -> event(t, QUOTED_USER, List.of("x';--"), "patch", "secrets", "shop", "a'b;c", "", "", 200, null);
                case BIG -> event(t, ALICE, List.of("dev"), "create", "configmaps", "shop", "big-bundle", "", "", 201,
                        "x".repeat(3 << 20));
            });
        }
        all.addAll(lines);
        return lines;
    }

    /** The special events a batch can carry. */
    public enum Kind { DELETE_SECRET, FORBIDDEN, EXEC, ATTACH, NON_ASCII, QUOTED, BIG }

    private String event(Instant time, String user, List<String> groups, String verb, String resource, String namespace,
                         String name, String subresource, String group, int code, String payload) {
        ObjectNode e = JSON.createObjectNode();
        e.put("kind", "Event").put("apiVersion", "audit.k8s.io/v1").put("level", payload == null ? "Metadata" : "Request");
        e.put("auditID", String.format("6a1f0000-0000-4000-8000-%012d", ++serial));
        e.put("stage", "ResponseComplete");
        String path = "/api" + (group.isEmpty() ? "/v1" : "s/" + group + "/v1") + "/namespaces/" + namespace + "/" + resource
                + (name.isEmpty() ? "" : "/" + name) + (subresource.isEmpty() ? "" : "/" + subresource);
        e.put("requestURI", path).put("verb", verb);
        ObjectNode u = e.putObject("user");
        u.put("username", user);
        ArrayNode g = u.putArray("groups");
        groups.forEach(g::add);
        e.putArray("sourceIPs").add("10.0.0." + (serial % 200 + 1));
        e.put("userAgent", "kubectl/v1.34.0 (linux/amd64)");
        ObjectNode ref = e.putObject("objectRef");
        ref.put("resource", resource).put("namespace", namespace);
        if (!name.isEmpty()) {
            ref.put("name", name);
        }
        if (!group.isEmpty()) {
            ref.put("apiGroup", group);
        }
        ref.put("apiVersion", "v1");
        if (!subresource.isEmpty()) {
            ref.put("subresource", subresource);
        }
        ObjectNode status = e.putObject("responseStatus");
        status.putObject("metadata");
        status.put("code", code);
        if (payload != null) {
            e.putObject("requestObject").put("kind", "ConfigMap").putObject("data").put("bundle", payload);
        }
        String stamp = MICRO.format(time);
        e.put("requestReceivedTimestamp", MICRO.format(time.minusMillis(3))).put("stageTimestamp", stamp);
        e.putObject("annotations").put("authorization.k8s.io/decision", code == 403 ? "forbid" : "allow");
        try {
            return JSON.writeValueAsString(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A line parsed, for computing expected answers. */
    public static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
