package dev.kubeaudit.agent.policy;

import java.util.List;

/**
 * Whether one rule matches every request another matches, so that the other, placed after it,
 * can never be reached. Conservative: "true" is always right, "false" may miss a case. Stateless.
 */
final class RuleCoverage {
    private RuleCoverage() {
    }

    static boolean covers(PolicyRule a, PolicyRule b) {
        if (!coversList(a.users(), b.users()) || !coversList(a.userGroups(), b.userGroups())
                || !coversList(a.verbs(), b.verbs())) {
            return false;
        }
        boolean aResource = !a.namespaces().isEmpty() || !a.resources().isEmpty();
        boolean bResource = !b.namespaces().isEmpty() || !b.resources().isEmpty();
        if (aResource) {
            return bResource && coversList(a.namespaces(), b.namespaces()) && coversResources(a.resources(), b.resources());
        }
        if (!a.nonResourceURLs().isEmpty()) {
            return !bResource && !b.nonResourceURLs().isEmpty()
                    && b.nonResourceURLs().stream().allMatch(url -> a.nonResourceURLs().stream()
                    .anyMatch(spec -> coversUrl(spec, url)));
        }
        return true;
    }

    /** An empty list allows anything; otherwise every value b allows must be allowed by a. */
    private static boolean coversList(List<String> a, List<String> b) {
        return a.isEmpty() || !b.isEmpty() && a.containsAll(b);
    }

    private static boolean coversResources(List<GroupResources> a, List<GroupResources> b) {
        if (a.isEmpty()) {
            return true;
        }
        return !b.isEmpty() && b.stream().allMatch(entry -> a.stream().anyMatch(e -> coversEntry(e, entry)));
    }

    private static boolean coversEntry(GroupResources a, GroupResources b) {
        if (!a.group().equals(b.group())) {
            return false;
        }
        if (a.resources().isEmpty()) {
            return true;
        }
        if (b.resources().isEmpty() || !coversList(a.resourceNames(), b.resourceNames())) {
            return false;
        }
        return b.resources().stream().allMatch(r -> a.resources().stream().anyMatch(p -> coversResource(p, r)));
    }

    private static boolean coversResource(String pattern, String resource) {
        if (pattern.equals("*") || pattern.equals(resource)) {
            return true;
        }
        if (pattern.startsWith("*/")) {
            int slash = resource.indexOf('/');
            return slash > 0 && !resource.startsWith("*") && resource.substring(slash).equals(pattern.substring(1));
        }
        if (pattern.endsWith("/*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            return !base.equals("*") && (resource.equals(base) || resource.startsWith(base + "/"));
        }
        return false;
    }

    private static boolean coversUrl(String spec, String url) {
        if (spec.equals("*") || spec.equals(url)) {
            return true;
        }
        return spec.endsWith("*") && url.startsWith(PolicyRule.stripTrailingStars(spec));
    }
}
