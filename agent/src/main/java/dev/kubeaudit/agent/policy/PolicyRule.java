package dev.kubeaudit.agent.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One rule of a {@link Policy}. It matches a request when every field it sets matches (empty lists
 * are not set): {@code users}, {@code userGroups} (any of the user's groups), {@code verbs}, then
 * either {@code namespaces}/{@code resources} (resource requests only) or {@code nonResourceURLs}
 * (non-resource requests only; exact, {@code *}, or a prefix ending in {@code *}).
 * {@code omitManagedFields} null means the policy's setting. {@code line} is where the rule starts
 * in its file (0 when built in code). Immutable.
 */
public record PolicyRule(Level level, List<String> users, List<String> userGroups, List<String> verbs,
                         List<String> namespaces, List<GroupResources> resources, List<String> nonResourceURLs,
                         Set<String> omitStages, Boolean omitManagedFields, int line) {
    public PolicyRule {
        Objects.requireNonNull(level, "level");
        users = List.copyOf(users);
        userGroups = List.copyOf(userGroups);
        verbs = List.copyOf(verbs);
        namespaces = List.copyOf(namespaces);
        resources = List.copyOf(resources);
        nonResourceURLs = List.copyOf(nonResourceURLs);
        omitStages = Set.copyOf(omitStages);
    }

    /** kube-apiserver's {@code ruleMatches} (k8s.io/apiserver/pkg/audit/policy/checker.go). */
    public boolean matches(RequestAttributes request) {
        if (!users.isEmpty() && !users.contains(request.user())) {
            return false;
        }
        if (!userGroups.isEmpty() && request.groups().stream().noneMatch(userGroups::contains)) {
            return false;
        }
        if (!verbs.isEmpty() && !verbs.contains(request.verb())) {
            return false;
        }
        if (!namespaces.isEmpty() || !resources.isEmpty()) {
            return matchesResource(request);
        }
        if (!nonResourceURLs.isEmpty()) {
            return matchesNonResource(request);
        }
        return true;
    }

    private boolean matchesResource(RequestAttributes request) {
        if (!request.resourceRequest()) {
            return false;
        }
        if (!namespaces.isEmpty() && !namespaces.contains(request.namespace())) {
            return false;
        }
        if (resources.isEmpty()) {
            return true;
        }
        for (GroupResources entry : resources) {
            if (entry.matches(request.apiGroup(), request.resource(), request.subresource(), request.name())) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesNonResource(RequestAttributes request) {
        if (request.resourceRequest()) {
            return false;
        }
        for (String spec : nonResourceURLs) {
            if (pathMatches(request.path(), spec)) {
                return true;
            }
        }
        return false;
    }

    static boolean pathMatches(String path, String spec) {
        if (spec.equals("*") || spec.equals(path)) {
            return true;
        }
        return spec.endsWith("*") && path.startsWith(stripTrailingStars(spec));
    }

    /** Go's {@code strings.TrimRight(spec, "*")}. */
    static String stripTrailingStars(String spec) {
        int end = spec.length();
        while (end > 0 && spec.charAt(end - 1) == '*') {
            end--;
        }
        return spec.substring(0, end);
    }
}
