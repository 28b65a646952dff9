package dev.kubeaudit.search.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** An audit.k8s.io/v1 event line built for a test: a ResponseComplete get of a pod by alice unless changed. Not thread-safe. */
public final class Event {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectNode node = MAPPER.createObjectNode();

    private Event(String auditId, Instant stageTimestamp) {
        node.put("kind", "Event");
        node.put("apiVersion", "audit.k8s.io/v1");
        node.put("level", "Metadata");
        node.put("auditID", auditId);
        node.put("stage", "ResponseComplete");
        node.put("requestURI", "/api/v1/namespaces/default/pods/web-0");
        node.put("verb", "get");
        ObjectNode user = node.putObject("user");
        user.put("username", "alice");
        user.putArray("groups").add("system:authenticated");
        node.putArray("sourceIPs").add("10.0.0.1");
        node.put("userAgent", "kubectl/v1.31.0");
        ObjectNode ref = node.putObject("objectRef");
        ref.put("resource", "pods");
        ref.put("namespace", "default");
        ref.put("name", "web-0");
        ref.put("apiVersion", "v1");
        node.putObject("responseStatus").put("code", 200);
        node.put("requestReceivedTimestamp", stageTimestamp.minusMillis(5).toString());
        node.put("stageTimestamp", stageTimestamp.toString());
    }

    public static Event at(String auditId, String stageTimestamp) {
        return new Event(auditId, Instant.parse(stageTimestamp));
    }

    public static Event at(String auditId, Instant stageTimestamp) {
        return new Event(auditId, stageTimestamp);
    }

    public Event user(String username, String... groups) {
        ObjectNode user = (ObjectNode) node.get("user");
        user.put("username", username);
        ArrayNode g = user.putArray("groups");
        for (String group : groups) {
            g.add(group);
        }
        return this;
    }

    public Event verb(String verb) {
        node.put("verb", verb);
        return this;
    }

    public Event stage(String stage) {
        node.put("stage", stage);
        return this;
    }

    public Event code(int code) {
        ((ObjectNode) node.get("responseStatus")).put("code", code);
        return this;
    }

    public Event sourceIps(String... ips) {
        ArrayNode a = node.putArray("sourceIPs");
        for (String ip : ips) {
            a.add(ip);
        }
        return this;
    }

    /** objectRef: resource, apiGroup (null: none, the core group), subresource (null: none), namespace, name. */
    public Event object(String resource, String group, String subresource, String namespace, String name) {
        ObjectNode ref = node.putObject("objectRef");
        ref.put("resource", resource);
        if (group != null) {
            ref.put("apiGroup", group);
        }
        if (subresource != null) {
            ref.put("subresource", subresource);
        }
        if (namespace != null) {
            ref.put("namespace", namespace);
        }
        if (name != null) {
            ref.put("name", name);
        }
        return this;
    }

    public Event annotation(String key, String value) {
        ObjectNode a = node.has("annotations") ? (ObjectNode) node.get("annotations") : node.putObject("annotations");
        a.put(key, value);
        return this;
    }

    /** A requestObject holding one string of {@code bytes} 'x's. */
    public Event requestBody(int bytes) {
        node.put("level", "Request");
        node.putObject("requestObject").put("data", "x".repeat(bytes));
        return this;
    }

    /** A requestObject of {@code json} (an object), level Request. */
    public Event requestObject(String json) {
        node.put("level", "Request");
        try {
            node.set("requestObject", MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("json: '" + json + "' (expected: JSON)", e);
        }
        return this;
    }

    /** The line, without newline, as Jackson writes it (compact). */
    public String line() {
        return node.toString();
    }
}
