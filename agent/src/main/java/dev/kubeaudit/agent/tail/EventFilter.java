package dev.kubeaudit.agent.tail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Which events to show: each non-empty list must contain the event's value. {@code resources}
 * entries are {@code pods} (any subresource), {@code pods/log}, or with a group
 * {@code deployments.apps} / {@code deployments.apps/scale}. Immutable.
 */
public record EventFilter(List<String> users, List<String> verbs, List<String> namespaces, List<String> resources) {
    public static final EventFilter ALL = new EventFilter(List.of(), List.of(), List.of(), List.of());

    public EventFilter {
        users = users == null ? List.of() : List.copyOf(users);
        verbs = verbs == null ? List.of() : List.copyOf(verbs);
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    public boolean isEmpty() {
        return users.isEmpty() && verbs.isEmpty() && namespaces.isEmpty() && resources.isEmpty();
    }

    public boolean matches(JsonNode event) {
        JsonNode ref = event.path("objectRef");
        return allows(users, event.path("user").path("username").asText(""))
                && allows(verbs, event.path("verb").asText(""))
                && allows(namespaces, ref.path("namespace").asText(""))
                && (resources.isEmpty() || resources.stream().anyMatch(r -> resourceMatches(r, ref)));
    }

    private static boolean allows(List<String> allowed, String value) {
        return allowed.isEmpty() || allowed.contains(value);
    }

    private static boolean resourceMatches(String spec, JsonNode ref) {
        if (ref.isMissingNode()) {
            return false;
        }
        int slash = spec.indexOf('/');
        String base = slash < 0 ? spec : spec.substring(0, slash);
        int dot = base.indexOf('.');
        String resource = dot < 0 ? base : base.substring(0, dot);
        if (dot >= 0 && !base.substring(dot + 1).equals(ref.path("apiGroup").asText(""))) {
            return false;
        }
        if (!resource.equals(ref.path("resource").asText(""))) {
            return false;
        }
        return slash < 0 || spec.substring(slash + 1).equals(ref.path("subresource").asText(""));
    }
}
