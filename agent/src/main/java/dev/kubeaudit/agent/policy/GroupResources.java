package dev.kubeaudit.agent.policy;

import java.util.List;

/**
 * One entry of a rule's {@code resources}: an API group ({@code ""} is the core group; no
 * version), resource names as in RBAC ({@code pods}, {@code pods/log}, {@code pods/*},
 * <code>&#42;/scale</code>, {@code *}; empty = every resource of the group) and
 * optional object names. Immutable.
 */
public record GroupResources(String group, List<String> resources, List<String> resourceNames) {
    public GroupResources {
        group = group == null ? "" : group;
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
    }

    /** kube-apiserver's match of one entry: group equal, then any resource pattern with the name allowed. */
    boolean matches(String apiGroup, String resource, String subresource, String name) {
        if (!group.equals(apiGroup)) {
            return false;
        }
        if (resources.isEmpty()) {
            return true;
        }
        if (!resourceNames.isEmpty() && !resourceNames.contains(name)) {
            return false;
        }
        String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
        for (String pattern : resources) {
            if (pattern.equals(combined) || pattern.equals("*")) {
                return true;
            }
            if (!subresource.isEmpty() && pattern.startsWith("*/") && subresource.equals(pattern.substring(2))) {
                return true;
            }
            if (pattern.endsWith("/*") && resource.equals(pattern.substring(0, pattern.length() - 2))) {
                return true;
            }
        }
        return false;
    }
}
