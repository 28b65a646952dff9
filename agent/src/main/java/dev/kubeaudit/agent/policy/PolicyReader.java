package dev.kubeaudit.agent.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link Policy} from its YAML nodes and checks it as kube-apiserver does when it loads
 * {@code --audit-policy-file} (apiVersion {@code audit.k8s.io/v1}, kind Policy, at least one rule,
 * valid levels, stages, groups and non-resource URLs, resourceNames only with resources, no rule
 * on both resources and non-resource URLs, values of the right type), and more: unknown fields,
 * which kube-apiserver silently ignores so that a rule matches more than its author meant, are
 * errors too; {@link PolicyLint} adds the warnings. Every finding has the line and column of what
 * it is about. Not thread-safe: one per file read.
 */
final class PolicyReader {
    static final String API_VERSION = "audit.k8s.io/v1";
    static final List<String> POLICY_KEYS =
            List.of("apiVersion", "kind", "metadata", "rules", "omitStages", "omitManagedFields");
    static final List<String> RULE_KEYS = List.of("level", "users", "userGroups", "verbs", "resources", "namespaces",
            "nonResourceURLs", "omitStages", "omitManagedFields");
    static final List<String> ENTRY_KEYS = List.of("group", "resources", "resourceNames");
    private static final List<String> LEVELS = List.of("None", "Metadata", "Request", "RequestResponse");

    private final List<Finding> findings;
    private final PolicyLint lint;

    private PolicyReader(List<Finding> findings) {
        this.findings = findings;
        this.lint = new PolicyLint(findings);
    }

    /** The policy as far as it could be read (null when the root is unusable); problems go to {@code findings}. */
    static Policy read(YamlNode root, List<Finding> findings) {
        return new PolicyReader(findings).policy(root);
    }

    private Policy policy(YamlNode root) {
        if (root == null) {
            findings.add(Finding.error(1, 1, "empty file: expected an audit.k8s.io/v1 Policy"));
            return null;
        }
        if (!(root instanceof YamlNode.Mapping map)) {
            findings.add(Finding.error(root.line(), root.column(), "a policy is a map with apiVersion, kind and rules,"
                    + " not " + root.shown()));
            return null;
        }
        unknownKeys(map, POLICY_KEYS, "the Policy");
        apiVersion(map);
        kind(map);
        YamlNode.Entry metadata = map.entries().get("metadata");
        if (metadata != null && !(metadata.value() instanceof YamlNode.Mapping) && !isNull(metadata.value())) {
            error(metadata.value(), "metadata: " + metadata.value().shown() + " (expected: a map)");
        }
        Set<String> omitStages = stages(map.entries().get("omitStages"), "omitStages");
        Boolean omitManagedFields = bool(map.entries().get("omitManagedFields"));
        List<YamlNode.Mapping> ruleNodes = new ArrayList<>();
        List<PolicyRule> rules = rules(map, ruleNodes);
        lint.shadowing(rules, ruleNodes);
        return new Policy(rules, omitStages, omitManagedFields != null && omitManagedFields);
    }

    private void apiVersion(YamlNode.Mapping map) {
        YamlNode.Entry entry = map.entries().get("apiVersion");
        if (entry == null) {
            findings.add(Finding.error(map.line(), map.column(), "apiVersion is missing (expected: " + API_VERSION + ")"));
            return;
        }
        String value = text(entry.value());
        if (API_VERSION.equals(value)) {
            return;
        }
        if ("audit.k8s.io/v1beta1".equals(value) || "audit.k8s.io/v1alpha1".equals(value)) {
            error(entry.value(), "apiVersion " + value + " was removed in Kubernetes 1.24: kube-apiserver refuses"
                    + " it and does not start", "use apiVersion: " + API_VERSION + " (the fields are the same)");
        } else {
            error(entry.value(), "apiVersion: " + entry.value().shown() + " (expected: " + API_VERSION + ")");
        }
    }

    private void kind(YamlNode.Mapping map) {
        YamlNode.Entry entry = map.entries().get("kind");
        if (entry == null) {
            findings.add(Finding.error(map.line(), map.column(), "kind is missing (expected: Policy)"));
        } else if (!"Policy".equals(text(entry.value()))) {
            error(entry.value(), "kind: " + entry.value().shown() + " (expected: Policy)");
        }
    }

    private List<PolicyRule> rules(YamlNode.Mapping map, List<YamlNode.Mapping> ruleNodes) {
        YamlNode.Entry entry = map.entries().get("rules");
        List<PolicyRule> rules = new ArrayList<>();
        if (entry == null || isNull(entry.value())) {
            YamlNode at = entry == null ? map : entry.value();
            error(at, "a policy needs at least one rule: kube-apiserver refuses a policy without rules");
            return rules;
        }
        if (!(entry.value() instanceof YamlNode.Sequence list)) {
            error(entry.value(), "rules: " + entry.value().shown() + " (expected: a list of rules)");
            return rules;
        }
        if (list.items().isEmpty()) {
            error(list, "a policy needs at least one rule: kube-apiserver refuses a policy without rules");
        }
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            PolicyRule rule = rule(item, i + 1);
            if (rule != null) {
                rules.add(rule);
                ruleNodes.add((YamlNode.Mapping) item);
            }
        }
        return rules;
    }

    private PolicyRule rule(YamlNode node, int number) {
        if (!(node instanceof YamlNode.Mapping map)) {
            error(node, "rule " + number + ": " + node.shown() + " (expected: a map with at least a level)");
            return null;
        }
        String name = "rule " + number;
        unknownKeys(map, RULE_KEYS, name);
        Level level = level(map, name);
        List<String> users = strings(map.entries().get("users"), "users");
        List<String> groups = strings(map.entries().get("userGroups"), "userGroups");
        List<String> verbs = strings(map.entries().get("verbs"), "verbs");
        List<String> namespaces = strings(map.entries().get("namespaces"), "namespaces");
        List<GroupResources> resources = resources(map.entries().get("resources"), name);
        List<String> urls = nonResourceURLs(map.entries().get("nonResourceURLs"));
        if (!urls.isEmpty() && (!resources.isEmpty() || !namespaces.isEmpty())) {
            error(map.entries().get("nonResourceURLs"), name + ": a rule cannot apply to both resources (or"
                    + " namespaces) and non-resource URLs; kube-apiserver refuses it",
                    "split it into one rule for the resources and one for the non-resource URLs");
        }
        Set<String> omitStages = stages(map.entries().get("omitStages"), "omitStages");
        Boolean omitManagedFields = bool(map.entries().get("omitManagedFields"));
        lint.rule(map);
        return new PolicyRule(level == null ? Level.NONE : level, users, groups, verbs, namespaces, resources, urls,
                omitStages, omitManagedFields, map.line());
    }

    private Level level(YamlNode.Mapping map, String rule) {
        YamlNode.Entry entry = map.entries().get("level");
        if (entry == null || isNull(entry.value())) {
            findings.add(Finding.error(map.line(), map.column(), rule + ": level is missing (expected one of: "
                    + String.join(", ", LEVELS) + ")"));
            return null;
        }
        String text = text(entry.value());
        Level level = Level.of(text);
        if (level == null) {
            error(entry.value(), rule + ": unknown level " + entry.value().shown() + " (expected one of: "
                    + String.join(", ", LEVELS) + ")", Suggest.didYouMean(text, LEVELS));
        }
        return level;
    }

    private List<GroupResources> resources(YamlNode.Entry entry, String rule) {
        List<GroupResources> out = new ArrayList<>();
        if (entry == null || isNull(entry.value())) {
            return out;
        }
        if (!(entry.value() instanceof YamlNode.Sequence list)) {
            error(entry.value(), rule + ": resources: " + entry.value().shown()
                    + " (expected: a list of entries such as - group: \"\"  resources: [\"pods\"])");
            return out;
        }
        for (YamlNode item : list.items()) {
            if (!(item instanceof YamlNode.Mapping map)) {
                error(item, rule + ": resources entry " + item.shown() + " (expected: a map with group, resources"
                        + " and resourceNames)");
                continue;
            }
            unknownKeys(map, ENTRY_KEYS, "a resources entry of " + rule);
            YamlNode.Entry group = map.entries().get("group");
            String groupName = group == null || isNull(group.value()) ? "" : stringValue(group, "group");
            if (group != null && !groupName.isEmpty()) {
                lint.group(groupName, group.value());
            }
            List<String> names = strings(map.entries().get("resources"), "resources");
            List<String> objects = strings(map.entries().get("resourceNames"), "resourceNames");
            if (!objects.isEmpty() && names.isEmpty()) {
                error(map.entries().get("resourceNames"), rule + ": resourceNames needs at least one resource in the"
                        + " same entry; kube-apiserver refuses it");
            }
            lint.resources(map.entries().get("resources"));
            out.add(new GroupResources(groupName, names, objects));
        }
        return out;
    }

    private List<String> nonResourceURLs(YamlNode.Entry entry) {
        List<String> urls = strings(entry, "nonResourceURLs");
        if (urls.isEmpty()) {
            return urls;
        }
        List<YamlNode> items = ((YamlNode.Sequence) entry.value()).items();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            if (url.equals("*")) {
                continue;
            }
            if (!url.startsWith("/")) {
                error(items.get(i), "non-resource URL \"" + url + "\" must begin with '/'; kube-apiserver refuses it");
            }
            if (!url.isEmpty() && url.substring(0, url.length() - 1).contains("*")) {
                error(items.get(i), "non-resource URL \"" + url + "\": a '*' may only be the last character;"
                        + " kube-apiserver refuses it");
            }
        }
        return urls;
    }

    private Set<String> stages(YamlNode.Entry entry, String key) {
        Set<String> stages = new LinkedHashSet<>();
        List<String> names = strings(entry, key);
        for (int i = 0; i < names.size(); i++) {
            String stage = names.get(i);
            if (!Policy.STAGES.contains(stage)) {
                YamlNode at = ((YamlNode.Sequence) entry.value()).items().get(i);
                error(at, key + ": unknown stage \"" + stage + "\" (expected: "
                        + String.join(", ", Policy.STAGES) + ")", Suggest.didYouMean(stage, Policy.STAGES));
            }
            stages.add(stage);
        }
        return stages;
    }

    private Boolean bool(YamlNode.Entry entry) {
        if (entry == null || isNull(entry.value())) {
            return null;
        }
        if (entry.value() instanceof YamlNode.Scalar s && !s.string()
                && (s.text().equals("true") || s.text().equals("false"))) {
            return Boolean.valueOf(s.text());
        }
        error(entry.value(), entry.key() + ": " + entry.value().shown() + " (expected: true or false, unquoted)");
        return null;
    }

    /** A list of strings; null or absent is empty; anything else is an error and reads as empty. */
    private List<String> strings(YamlNode.Entry entry, String key) {
        List<String> out = new ArrayList<>();
        if (entry == null || isNull(entry.value())) {
            return out;
        }
        if (!(entry.value() instanceof YamlNode.Sequence list)) {
            error(entry.value(), key + ": " + entry.value().shown() + " (expected: a list, e.g. [" + entry.value().shown()
                    + "])");
            return out;
        }
        for (YamlNode item : list.items()) {
            if (item instanceof YamlNode.Scalar s && s.string()) {
                out.add(s.text());
            } else {
                error(item, key + ": " + item.shown() + " (expected: a string; quote it)");
                out.add("");
            }
        }
        return out;
    }

    private String stringValue(YamlNode.Entry entry, String key) {
        if (entry.value() instanceof YamlNode.Scalar s && s.string()) {
            return s.text();
        }
        error(entry.value(), key + ": " + entry.value().shown() + " (expected: a string)");
        return "";
    }

    private void unknownKeys(YamlNode.Mapping map, List<String> known, String where) {
        for (YamlNode.Entry entry : map.entries().values()) {
            if (!known.contains(entry.key())) {
                String meaning = known == POLICY_KEYS ? "" : ": kube-apiserver ignores it, so this "
                        + (known == RULE_KEYS ? "rule" : "entry") + " matches more than it says";
                findings.add(new Finding(Finding.Severity.ERROR, entry.line(), entry.column(), "unknown field \""
                        + entry.key() + "\" in " + where + meaning, UnknownFields.hint(entry.key(), known)));
            }
        }
    }

    private void error(YamlNode at, String message) {
        error(at, message, null);
    }

    private void error(YamlNode at, String message, String hint) {
        findings.add(new Finding(Finding.Severity.ERROR, at.line(), at.column(), message, hint));
    }

    private void error(YamlNode.Entry at, String message) {
        error(at, message, null);
    }

    private void error(YamlNode.Entry at, String message, String hint) {
        findings.add(new Finding(Finding.Severity.ERROR, at.line(), at.column(), message, hint));
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.isNull();
    }

    private static String text(YamlNode node) {
        return node instanceof YamlNode.Scalar s && !s.isNull() ? s.text() : null;
    }
}
