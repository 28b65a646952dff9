package dev.kubeaudit.search.query;

import java.util.Objects;

/**
 * A resource as {@code --resource} names it, as {@code tail} does: {@code secrets} (any group, any
 * subresource), {@code pods/exec} (with that subresource), {@code deployments.apps} (in group
 * apps: what follows the first '.' is the group) or {@code deployments.apps/scale}. Null parts
 * are not asked for. Immutable.
 */
public record ResourceSpec(String resource, String group, String subresource) {
    public static final String EXPECTED = "RESOURCE[.GROUP][/SUBRESOURCE] such as secrets, pods/exec,"
            + " deployments.apps or deployments.apps/scale";

    public ResourceSpec {
        Objects.requireNonNull(resource, "resource");
    }

    /** @throws IllegalArgumentException naming {@code text} and what was expected */
    public static ResourceSpec parse(String text) {
        int slash = text.indexOf('/');
        String base = slash < 0 ? text : text.substring(0, slash);
        String sub = slash < 0 ? null : text.substring(slash + 1);
        int dot = base.indexOf('.');
        String resource = dot < 0 ? base : base.substring(0, dot);
        String group = dot < 0 ? null : base.substring(dot + 1);
        if (resource.isEmpty() || "".equals(group) || "".equals(sub) || sub != null && sub.contains("/")) {
            throw new IllegalArgumentException("'" + text + "' (expected: " + EXPECTED + ")");
        }
        return new ResourceSpec(resource, group, sub);
    }
}
