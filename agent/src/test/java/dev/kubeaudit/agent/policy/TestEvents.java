package dev.kubeaudit.agent.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Audit events as compact JSON, in the field order kube-apiserver writes them. */
final class TestEvents {
    private String level = "Metadata";
    private String stage = "ResponseComplete";
    private String user = "alice";
    private List<String> groups = List.of("system:authenticated");
    private String verb = "get";
    private String uri = "/api/v1/namespaces/default/pods/web-0";
    private String objectRef = "{\"resource\":\"pods\",\"namespace\":\"default\",\"name\":\"web-0\",\"apiVersion\":\"v1\"}";
    private String requestObject;
    private String responseObject;

    static TestEvents event() {
        return new TestEvents();
    }

    /** A resource request; empty strings are left out of objectRef, as the apiserver does. */
    TestEvents resource(String namespace, String group, String resource, String subresource, String name) {
        StringBuilder ref = new StringBuilder("{\"resource\":\"").append(resource).append('"');
        append(ref, "namespace", namespace);
        append(ref, "name", name);
        append(ref, "apiGroup", group);
        ref.append(",\"apiVersion\":\"v1\"");
        append(ref, "subresource", subresource);
        objectRef = ref.append('}').toString();
        uri = "/apis/" + group + "/v1/" + (namespace.isEmpty() ? "" : "namespaces/" + namespace + "/") + resource
                + (name.isEmpty() ? "" : "/" + name) + (subresource.isEmpty() ? "" : "/" + subresource);
        return this;
    }

    private static void append(StringBuilder ref, String key, String value) {
        if (!value.isEmpty()) {
            ref.append(",\"").append(key).append("\":\"").append(value).append('"');
        }
    }

    TestEvents nonResource(String requestURI) {
        objectRef = null;
        uri = requestURI;
        return this;
    }

    TestEvents user(String name, String... userGroups) {
        user = name;
        groups = List.of(userGroups);
        return this;
    }

    TestEvents verb(String v) {
        verb = v;
        return this;
    }

    TestEvents stage(String s) {
        stage = s;
        return this;
    }

    TestEvents level(String l) {
        level = l;
        return this;
    }

    TestEvents requestObject(String json) {
        requestObject = json;
        return this;
    }

    TestEvents responseObject(String json) {
        responseObject = json;
        return this;
    }

    String json() {
        String groupList = groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(","));
        return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"" + level + "\","
                + "\"auditID\":\"5a1c0a9e-7d53-4e1a-9d0b-3c5b1f0d2e11\",\"stage\":\"" + stage + "\","
                + "\"requestURI\":\"" + uri + "\",\"verb\":\"" + verb + "\","
                + "\"user\":{\"username\":\"" + user + "\",\"groups\":[" + groupList + "]},"
                + "\"sourceIPs\":[\"10.0.0.1\"],\"userAgent\":\"kubectl/v1.30.0\","
                + (objectRef == null ? "" : "\"objectRef\":" + objectRef + ",")
                + "\"responseStatus\":{\"metadata\":{},\"code\":200},"
                + (requestObject == null ? "" : "\"requestObject\":" + requestObject + ",")
                + (responseObject == null ? "" : "\"responseObject\":" + responseObject + ",")
                + "\"requestReceivedTimestamp\":\"2026-05-01T10:00:00.000000Z\","
                + "\"stageTimestamp\":\"2026-05-01T10:00:00.004000Z\"}";
    }

    byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** A Policy document around {@code rules} (YAML list items, indented by two spaces). */
    static Policy policy(String top, String rules) {
        PolicyFile.Read read = PolicyFile.parse("test.yaml",
                "apiVersion: audit.k8s.io/v1\nkind: Policy\n" + top + "rules:\n" + rules);
        if (read.policy() == null) {
            throw new AssertionError(String.join("\n", read.formatted()));
        }
        return read.policy();
    }
}
