package dev.kubeaudit.archivesql.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One audit.k8s.io/v1 Event of the generated archive, as Java values (the answers are computed from
 * these) and as the JSON line kube-apiserver writes ({@link #json}). {@code objectRef},
 * {@code code}, {@code requestObject} and {@code impersonated} may be null. Immutable.
 */
record FixtureEvent(String cluster, String node, String auditID, String stage, Instant requestReceived,
                    Instant stageTimestamp, String verb, String requestURI, String username, String userAgent,
                    String sourceIP, Ref objectRef, Integer code, Map<String, String> annotations,
                    JsonNode requestObject, String impersonated) {
    /** Kubernetes' MicroTime: RFC 3339 in UTC with six fraction digits. */
    static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** The object a request is about; {@code namespace}, {@code name} and {@code subresource} may be null. */
    record Ref(String resource, String namespace, String name, String subresource) {
    }

    String json(ObjectMapper mapper) {
        ObjectNode e = mapper.createObjectNode();
        e.put("kind", "Event").put("apiVersion", "audit.k8s.io/v1");
        e.put("level", requestObject == null ? "Metadata" : "Request");
        e.put("auditID", auditID).put("stage", stage).put("requestURI", requestURI).put("verb", verb);
        ObjectNode user = e.putObject("user");
        user.put("username", username).put("uid", "uid-" + username.hashCode());
        user.putArray("groups").add("system:authenticated").add("dévs");
        user.putObject("extra").putArray("authentication.kubernetes.io/credential-id").add("X509SHA256=ab" + node);
        if (impersonated != null) {
            e.putObject("impersonatedUser").put("username", impersonated).putArray("groups").add("system:masters");
        }
        e.putArray("sourceIPs").add(sourceIP).add("10.0.0.1");
        e.put("userAgent", userAgent);
        if (objectRef != null) {
            ObjectNode ref = e.putObject("objectRef");
            ref.put("resource", objectRef.resource());
            putIfSet(ref, "namespace", objectRef.namespace());
            putIfSet(ref, "name", objectRef.name());
            ref.put("apiVersion", "v1");
            putIfSet(ref, "subresource", objectRef.subresource());
        }
        if (code != null) {
            ObjectNode status = e.putObject("responseStatus");
            status.putObject("metadata");
            if (code >= 400) {
                status.put("status", "Failure").put("message", "forbidden: « " + verb + " » refusé").put("reason", "Forbidden");
            }
            status.put("code", code);
        }
        if (requestObject != null) {
            e.set("requestObject", requestObject);
        }
        e.put("requestReceivedTimestamp", MICRO_TIME.format(requestReceived));
        e.put("stageTimestamp", MICRO_TIME.format(stageTimestamp));
        if (!annotations.isEmpty()) {
            ObjectNode a = e.putObject("annotations");
            annotations.forEach(a::put);
        }
        return e.toString();
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
