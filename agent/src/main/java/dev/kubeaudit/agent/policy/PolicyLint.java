package dev.kubeaudit.agent.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Mistakes kube-apiserver accepts without a word but that make a policy do something else than
 * its author meant, as warnings: singular or capitalised resource names, unknown verbs, {@code *}
 * where it is no wildcard, the version {@code v1} given as a group, and rules that can never match
 * because an earlier rule matches everything they do. A group with a version in it is an error, as
 * kube-apiserver refuses it. Not thread-safe: one per file read.
 */
final class PolicyLint {
    /** The verbs of audited requests: resource verbs and lower-cased HTTP methods of non-resource requests. */
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection", "post", "put", "head", "options", "proxy");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Map<String, String> PLURALS = Map.ofEntries(
            Map.entry("pod", "pods"), Map.entry("service", "services"), Map.entry("secret", "secrets"),
            Map.entry("configmap", "configmaps"), Map.entry("namespace", "namespaces"), Map.entry("node", "nodes"),
            Map.entry("endpoint", "endpoints"), Map.entry("event", "events"), Map.entry("deployment", "deployments"),
            Map.entry("replicaset", "replicasets"), Map.entry("statefulset", "statefulsets"),
            Map.entry("daemonset", "daemonsets"), Map.entry("job", "jobs"), Map.entry("cronjob", "cronjobs"),
            Map.entry("ingress", "ingresses"), Map.entry("role", "roles"), Map.entry("rolebinding", "rolebindings"),
            Map.entry("clusterrole", "clusterroles"), Map.entry("clusterrolebinding", "clusterrolebindings"),
            Map.entry("serviceaccount", "serviceaccounts"), Map.entry("persistentvolume", "persistentvolumes"),
            Map.entry("persistentvolumeclaim", "persistentvolumeclaims"), Map.entry("storageclass", "storageclasses"),
            Map.entry("customresourcedefinition", "customresourcedefinitions"),
            Map.entry("networkpolicy", "networkpolicies"), Map.entry("lease", "leases"),
            Map.entry("tokenreview", "tokenreviews"), Map.entry("subjectaccessreview", "subjectaccessreviews"),
            Map.entry("certificatesigningrequest", "certificatesigningrequests"),
            Map.entry("horizontalpodautoscaler", "horizontalpodautoscalers"),
            Map.entry("poddisruptionbudget", "poddisruptionbudgets"), Map.entry("priorityclass", "priorityclasses"),
            Map.entry("limitrange", "limitranges"), Map.entry("resourcequota", "resourcequotas"),
            Map.entry("endpointslice", "endpointslices"), Map.entry("replicationcontroller", "replicationcontrollers"),
            Map.entry("podtemplate", "podtemplates"), Map.entry("controllerrevision", "controllerrevisions"),
            Map.entry("mutatingwebhookconfiguration", "mutatingwebhookconfigurations"),
            Map.entry("validatingwebhookconfiguration", "validatingwebhookconfigurations"));

    private final List<Finding> findings;

    PolicyLint(List<Finding> findings) {
        this.findings = findings;
    }

    /** Verbs and exact-match lists of one rule. */
    void rule(YamlNode.Mapping rule) {
        for (YamlNode.Scalar verb : scalars(rule.entries().get("verbs"))) {
            verb(verb);
        }
        for (String key : List.of("users", "userGroups", "namespaces", "verbs")) {
            for (YamlNode.Scalar value : scalars(rule.entries().get(key))) {
                if (value.text().contains("*")) {
                    warn(value, key + ": \"" + value.text() + "\" is matched literally: an audit policy has no"
                            + " wildcards in " + key, "leave " + key + " out to match every value");
                }
            }
        }
    }

    private void verb(YamlNode.Scalar verb) {
        String v = verb.text();
        if (VERBS.contains(v) || v.contains("*")) {
            return;
        }
        if (VERBS.contains(v.toLowerCase(Locale.ROOT))) {
            warn(verb, "verb \"" + v + "\" never matches: verbs are lower case", "did you mean "
                    + v.toLowerCase(Locale.ROOT) + "?");
        } else {
            warn(verb, "verb \"" + v + "\" never appears in audit events (expected one of: " + String.join(", ", VERBS)
                    + ")", null);
        }
    }

    /** The group of a resources entry (not empty). */
    void group(String group, YamlNode at) {
        if (group.contains("/")) {
            String name = group.substring(0, group.indexOf('/'));
            findings.add(new Finding(Finding.Severity.ERROR, at.line(), at.column(), "group \"" + group
                    + "\" contains a version: a rule names the API group only; kube-apiserver refuses it",
                    name.isEmpty() || name.startsWith("v") && !name.contains(".") ? "the core group is \"\""
                            : "use group: \"" + name + "\""));
        } else if (group.length() > 253 || !DNS_SUBDOMAIN.matcher(group).matches()) {
            findings.add(Finding.error(at.line(), at.column(), "group \"" + group + "\" is not a valid API group name"
                    + " (a lower-case DNS subdomain); kube-apiserver refuses it"));
        } else if (group.matches("v[0-9]+((alpha|beta)[0-9]+)?")) {
            warn(at, "group \"" + group + "\" is a version, not a group: this entry matches nothing",
                    "the core group (pods, secrets, configmaps, …) is group: \"\"");
        }
    }

    /** The resource names of a resources entry. */
    void resources(YamlNode.Entry resources) {
        for (YamlNode.Scalar item : scalars(resources)) {
            String r = item.text();
            if (r.isEmpty()) {
                warn(item, "an empty resource name matches nothing", null);
                continue;
            }
            int slash = r.indexOf('/');
            String base = slash < 0 ? r : r.substring(0, slash);
            String rest = slash < 0 ? "" : r.substring(slash);
            String lower = base.toLowerCase(Locale.ROOT);
            String plural = PLURALS.getOrDefault(lower, lower);
            if (!base.equals(lower)) {
                warn(item, "resource \"" + r + "\" never matches: resources are lower-case plurals",
                        "did you mean " + plural + rest + "?");
            } else if (PLURALS.containsKey(base)) {
                warn(item, "resource \"" + r + "\" never matches: resources are plural: did you mean " + plural + rest
                        + "?", null);
            }
        }
    }

    /** A warning for each rule that an earlier rule makes unreachable. */
    void shadowing(List<PolicyRule> rules, List<YamlNode.Mapping> nodes) {
        for (int j = 1; j < rules.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (RuleCoverage.covers(rules.get(i), rules.get(j))) {
                    YamlNode.Mapping at = nodes.get(j);
                    warn(at, "rule " + (j + 1) + " can never match: rule " + (i + 1) + " (line " + rules.get(i).line()
                            + ") matches every request it matches", "move it above rule " + (i + 1)
                            + ", or narrow rule " + (i + 1));
                    break;
                }
            }
        }
    }

    private void warn(YamlNode at, String message, String hint) {
        findings.add(new Finding(Finding.Severity.WARNING, at.line(), at.column(), message, hint));
    }

    /** The string items of a list entry; anything else is reported by the reader. */
    private static List<YamlNode.Scalar> scalars(YamlNode.Entry entry) {
        if (entry == null || !(entry.value() instanceof YamlNode.Sequence list)) {
            return List.of();
        }
        return list.items().stream().filter(n -> n instanceof YamlNode.Scalar s && s.string())
                .map(n -> (YamlNode.Scalar) n).toList();
    }
}
