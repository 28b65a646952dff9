package dev.kubeaudit.archivesql.check;

import static dev.kubeaudit.search.archivesql.ExampleQuestions.REASON_ANNOTATION;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.SECRET_NAME;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.SECRET_NAMESPACE;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.SINCE;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.UNTIL;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.USER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeaudit.archivesql.check.FixtureEvent.Ref;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The generated audit traffic of two clusters over two days of segments (2026-11-27 and -28):
 * random background requests of a few users (two with non-ASCII names), plus the requests each
 * example question must find, some just outside its window and some that only the day after's
 * partition holds. Each request is two events, RequestReceived and ResponseComplete. Not thread-safe.
 */
final class AuditScenario {
    static final String UMLAUT_USER = "jörg.müller@example.com";
    static final String CJK_USER = "名前@example.jp";
    private static final String[] USERS = {USER, "bob@example.com", UMLAUT_USER, CJK_USER,
            "system:serviceaccount:kube-system:deployment-controller"};
    private static final String[] VERBS = {"get", "list", "watch", "create", "update", "patch", "delete"};
    private static final String[] RESOURCES = {"pods", "configmaps", "secrets", "deployments", "leases"};
    private static final String[] NAMESPACES = {"default", SECRET_NAMESPACE, "kube-system", "données"};

    static final List<HiveArchive.Node> NODES = List.of(
            node("prod", "cp1", "2026-11-26T06:00:00Z", "2026-11-27T05:00:00Z", "2026-11-27T12:00:00Z",
                    "2026-11-28T03:00:00Z", "2026-11-28T09:00:00Z"),
            node("prod", "cp2", "2026-11-26T07:30:00Z", "2026-11-27T07:00:00Z", "2026-11-28T01:00:00Z"),
            node("staging", "cp1", "2026-11-26T09:00:00Z", "2026-11-27T08:30:00Z", "2026-11-28T00:15:00Z",
                    "2026-11-28T10:00:00Z"));

    private final Random random;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<HiveArchive.Node, List<FixtureEvent>> events = new LinkedHashMap<>();

    AuditScenario(long seed) {
        random = new Random(seed);
        NODES.forEach(n -> events.put(n, new ArrayList<>()));
    }

    /** Every node's events: background traffic every few minutes, then the questions' own requests. */
    Map<HiveArchive.Node, List<FixtureEvent>> generate() {
        for (HiveArchive.Node node : NODES) {
            Instant end = node.rotations().get(node.rotations().size() - 1);
            for (Instant t = node.rotations().get(0).plusSeconds(90); t.isBefore(end);
                    t = t.plusSeconds(600 + random.nextInt(1800))) {
                background(node, t.plus(random.nextInt(1_000_000), ChronoUnit.MICROS));
            }
        }
        HiveArchive.Node prod = NODES.get(0);
        HiveArchive.Node prod2 = NODES.get(1);
        HiveArchive.Node staging = NODES.get(2);
        Ref secret = new Ref("secrets", SECRET_NAMESPACE, SECRET_NAME, null);
        request(prod, SINCE.minusSeconds(60), USER, "delete", secret, 200, null);              // before the window
        request(prod, at("2026-11-27T09:12:00.123456Z"), "bob@example.com", "delete", secret, 200, null);
        request(prod2, at("2026-11-27T16:40:00.5Z"), UMLAUT_USER, "delete", secret, 403, "RBAC: no rule for « jörg »");
        request(staging, at("2026-11-27T17:59:59.999999Z"), CJK_USER, "delete", secret, 200, null); // next day's dt
        request(prod, at("2026-11-27T10:00:00Z"), USER, "get", secret, 200, null);
        request(prod, at("2026-11-27T10:01:00Z"), USER, "delete",
                new Ref("secrets", SECRET_NAMESPACE, SECRET_NAME + "-old", null), 200, null);
        request(prod, UNTIL, "bob@example.com", "delete", secret, 200, null);                   // at until: outside
        request(prod, SINCE, USER, "list", new Ref("pods", "default", null, null), 200, null);  // at since: inside
        request(prod, at("2026-11-27T11:11:11.111111Z"), USER, "get", null, 200, null);         // /version
        request(prod, at("2026-11-27T12:30:00Z"), USER, "create", new Ref("pods", SECRET_NAMESPACE, "api-7f9c", "exec"), 101, null);
        request(staging, at("2026-11-27T15:00:00Z"), "bob@example.com", "create",
                new Ref("pods", "default", "web-0", "attach"), 101, null);
        request(prod2, at("2026-11-27T06:30:00Z"), CJK_USER, "create", new Ref("pods", "données", "db-0", "exec"), 403, null);
        request(prod, at("2026-11-27T13:00:00Z"), USER, "create",
                new Ref("pods", "default", "web-0", "portforward"), 101, null);
        request(prod, at("2026-11-27T19:00:00Z"), USER, "create", new Ref("pods", "default", "web-1", "exec"), 101, null);
        return events;
    }

    /** A delete of the example secret inside the window that only an integrity object holds. */
    FixtureEvent integrityDecoy() {
        Instant t = at("2026-11-27T09:30:00Z");
        return new FixtureEvent("prod", "cp1", UUID.nameUUIDFromBytes("decoy".getBytes(StandardCharsets.UTF_8)).toString(), "ResponseComplete", t, t,
                "delete", "/api/v1/namespaces/" + SECRET_NAMESPACE + "/secrets/" + SECRET_NAME, "mallory@example.com",
                "kubectl/v1.34.0", "192.0.2.66", new Ref("secrets", SECRET_NAMESPACE, SECRET_NAME, null), 403,
                Map.of(REASON_ANNOTATION, "decoy"), null, null);
    }

    private void background(HiveArchive.Node node, Instant t) {
        String user = USERS[random.nextInt(USERS.length)];
        String verb = VERBS[random.nextInt(VERBS.length)];
        String resource = RESOURCES[random.nextInt(RESOURCES.length)];
        String namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
        boolean collection = verb.equals("list") || verb.equals("watch") || verb.equals("create");
        String name = collection ? null : resource.substring(0, 3) + "-" + random.nextInt(20);
        int draw = random.nextInt(100);
        int code = draw < 6 ? 403 : draw < 10 ? 404 : verb.equals("create") ? 201 : 200;
        String reason = code == 403 && random.nextBoolean() ? "RBAC: « " + user + " » cannot " + verb : null;
        request(node, t, user, verb, new Ref(resource, namespace, name, null), code, reason);
    }

    /** The two events of one request whose response completes at {@code t}, received 0–2 s before. */
    private void request(HiveArchive.Node node, Instant t, String user, String verb, Ref ref, int code, String reason) {
        Instant received = t.minus(random.nextInt(2_000_000), ChronoUnit.MICROS);
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        String uri = ref == null ? "/version" : "/api/v1/namespaces/" + ref.namespace() + "/" + ref.resource()
                + (ref.name() == null ? "" : "/" + ref.name()) + (ref.subresource() == null ? "" : "/" + ref.subresource());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("authorization.k8s.io/decision", code == 403 ? "forbid" : "allow");
        if (reason != null) {
            annotations.put(REASON_ANNOTATION, reason);
        }
        JsonNode body = verb.equals("create") || verb.equals("update") || verb.equals("patch") ? body(ref) : null;
        String agent = "kubectl/v1.34.0 (linux/amd64) kubernetes/" + node.name();
        String ip = "192.0.2." + (1 + random.nextInt(200));
        String impersonated = random.nextInt(20) == 0 ? "system:admin" : null;
        List<FixtureEvent> list = events.get(node);
        list.add(new FixtureEvent(node.cluster(), node.name(), id, "RequestReceived", received, received, verb, uri, user,
                agent, ip, ref, null, Map.of(), body, impersonated));
        list.add(new FixtureEvent(node.cluster(), node.name(), id, "ResponseComplete", received, t, verb, uri, user,
                agent, ip, ref, code, annotations, body, impersonated));
    }

    /** A request body with nesting, non-ASCII text, quotes, a backslash and a line break. */
    private JsonNode body(Ref ref) {
        ObjectNode o = mapper.createObjectNode();
        o.put("kind", "ConfigMap").put("apiVersion", "v1");
        o.putObject("metadata").put("name", ref == null ? "x" : String.valueOf(ref.name()))
                .putObject("labels").put("app.kubernetes.io/name", "café-" + random.nextInt(5));
        o.putObject("data").put("note", "Grüße \"quoted\" \\ back\nslash 日本語").put("n", random.nextInt(1000));
        return o;
    }

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    private static HiveArchive.Node node(String cluster, String name, String... rotations) {
        return new HiveArchive.Node(cluster, name, Arrays.stream(rotations).map(Instant::parse).toList());
    }
}
