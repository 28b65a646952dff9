package dev.kubeaudit.agent.tail;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event as a line for people: request time, user, verb, what was asked for
 * ({@code resource[.group][/subresource] namespace/name}, or the URI of a non-resource request),
 * response code ({@code -} while there is none), level and stage, separated by single spaces.
 * For example {@code 2026-05-01T10:00:00.123456Z alice get pods/log default/web-0 200 Request ResponseComplete}.
 * Stateless.
 */
public final class HumanLine {
    private HumanLine() {
    }

    public static String of(JsonNode event) {
        JsonNode status = event.path("responseStatus").path("code");
        return time(event) + ' '
                + text(event.path("user").path("username")) + ' '
                + text(event.path("verb")) + ' '
                + target(event) + ' '
                + (status.isNumber() ? status.asText() : "-") + ' '
                + text(event.path("level")) + ' '
                + text(event.path("stage"));
    }

    private static String target(JsonNode event) {
        JsonNode ref = event.path("objectRef");
        if (!ref.isObject()) {
            return text(event.path("requestURI"));
        }
        String group = ref.path("apiGroup").asText("");
        String sub = ref.path("subresource").asText("");
        String resource = ref.path("resource").asText("") + (group.isEmpty() ? "" : "." + group)
                + (sub.isEmpty() ? "" : "/" + sub);
        String namespace = ref.path("namespace").asText("");
        String name = ref.path("name").asText("");
        String where = namespace.isEmpty() ? (name.isEmpty() ? "*" : name) : namespace + "/" + (name.isEmpty() ? "*" : name);
        return resource + ' ' + where;
    }

    /** requestReceivedTimestamp; old v1beta1 events have only stageTimestamp or timestamp. */
    private static String time(JsonNode event) {
        for (String field : new String[] {"requestReceivedTimestamp", "stageTimestamp", "timestamp"}) {
            if (event.path(field).isTextual()) {
                return event.path(field).asText();
            }
        }
        return "-";
    }

    private static String text(JsonNode node) {
        String s = node.asText("");
        return s.isEmpty() ? "-" : s;
    }
}
