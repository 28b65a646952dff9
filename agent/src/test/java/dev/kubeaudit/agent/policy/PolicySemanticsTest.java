package dev.kubeaudit.agent.policy;

import static dev.kubeaudit.agent.policy.TestEvents.event;
import static dev.kubeaudit.agent.policy.TestEvents.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which requests a rule matches, feature by feature, each with requests that must and must not
 * match, as kube-apiserver's policy checker decides (k8s.io/apiserver/pkg/audit/policy/checker.go).
 */
class PolicySemanticsTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // group "" is the core group only; a named group is that group only
                row("core group, core pod", "resources: [{group: \"\", resources: [pods]}]",
                        event().resource("default", "", "pods", "", "web-0"), true),
                row("core group, apps pods", "resources: [{group: \"\", resources: [pods]}]",
                        event().resource("default", "apps", "pods", "", "web-0"), false),
                row("no group given = core", "resources: [{resources: [pods]}]",
                        event().resource("default", "", "pods", "", "web-0"), true),
                row("apps group, apps deployment", "resources: [{group: apps, resources: [deployments]}]",
                        event().resource("default", "apps", "deployments", "", "web"), true),
                row("apps group, extensions deployment", "resources: [{group: apps, resources: [deployments]}]",
                        event().resource("default", "extensions", "deployments", "", "web"), false),
                row("group without resources: all of it", "resources: [{group: apps}]",
                        event().resource("default", "apps", "deployments", "scale", "web"), true),
                // resources and subresources
                row("pods does not match pods/log", "resources: [{group: \"\", resources: [pods]}]",
                        event().resource("default", "", "pods", "log", "web-0"), false),
                row("pods/log matches pods/log", "resources: [{group: \"\", resources: [pods/log]}]",
                        event().resource("default", "", "pods", "log", "web-0"), true),
                row("pods/log does not match pods/exec", "resources: [{group: \"\", resources: [pods/log]}]",
                        event().resource("default", "", "pods", "exec", "web-0"), false),
                row("pods/log does not match pods", "resources: [{group: \"\", resources: [pods/log]}]",
                        event().resource("default", "", "pods", "", "web-0"), false),
                row("pods/* matches pods/exec", "resources: [{group: \"\", resources: [\"pods/*\"]}]",
                        event().resource("default", "", "pods", "exec", "web-0"), true),
                row("pods/* matches pods itself", "resources: [{group: \"\", resources: [\"pods/*\"]}]",
                        event().resource("default", "", "pods", "", "web-0"), true),
                row("pods/* does not match services/proxy", "resources: [{group: \"\", resources: [\"pods/*\"]}]",
                        event().resource("default", "", "services", "proxy", "web"), false),
                row("*/scale matches deployments/scale", "resources: [{group: apps, resources: [\"*/scale\"]}]",
                        event().resource("default", "apps", "deployments", "scale", "web"), true),
                row("*/scale does not match deployments", "resources: [{group: apps, resources: [\"*/scale\"]}]",
                        event().resource("default", "apps", "deployments", "", "web"), false),
                row("*/scale does not match deployments/status",
                        "resources: [{group: apps, resources: [\"*/scale\"]}]",
                        event().resource("default", "apps", "deployments", "status", "web"), false),
                row("* matches subresources", "resources: [{group: \"\", resources: [\"*\"]}]",
                        event().resource("default", "", "pods", "log", "web-0"), true),
                row("* stays in its group", "resources: [{group: \"\", resources: [\"*\"]}]",
                        event().resource("default", "apps", "deployments", "", "web"), false),
                // resourceNames
                row("resourceNames: the named pod", "resources: [{group: \"\", resources: [pods], resourceNames: [sp1]}]",
                        event().resource("default", "", "pods", "", "sp1"), true),
                row("resourceNames: another pod", "resources: [{group: \"\", resources: [pods], resourceNames: [sp1]}]",
                        event().resource("default", "", "pods", "", "sp2"), false),
                row("resourceNames: a list has no name",
                        "resources: [{group: \"\", resources: [pods], resourceNames: [sp1]}]",
                        event().verb("list").resource("default", "", "pods", "", ""), false),
                row("resourceNames: a create has no name in its URL",
                        "resources: [{group: \"\", resources: [pods], resourceNames: [sp1]}]",
                        event().verb("create").resource("default", "", "pods", "", "sp1"), false),
                row("resourceNames: a subresource create names its pod",
                        "resources: [{group: \"\", resources: [pods/exec], resourceNames: [sp1]}]",
                        event().verb("create").resource("default", "", "pods", "exec", "sp1"), true),
                // namespaces: "" is cluster-scoped
                row("namespaces \"\": a cluster-scoped resource", "namespaces: [\"\"]",
                        event().resource("", "", "nodes", "", "node-1"), true),
                row("namespaces \"\": a namespaced one", "namespaces: [\"\"]",
                        event().resource("default", "", "pods", "", "web-0"), false),
                row("namespaces: listed", "namespaces: [kube-system]",
                        event().resource("kube-system", "", "pods", "", "dns"), true),
                row("namespaces: never a non-resource request", "namespaces: [\"\"]",
                        event().nonResource("/healthz"), false),
                // nonResourceURLs
                row("URL exact", "nonResourceURLs: [/healthz]", event().nonResource("/healthz"), true),
                row("URL exact, query ignored", "nonResourceURLs: [/healthz]",
                        event().nonResource("/healthz?verbose=1"), true),
                row("URL exact, not a prefix", "nonResourceURLs: [/healthz]", event().nonResource("/healthz/etcd"), false),
                row("URL prefix", "nonResourceURLs: [\"/healthz*\"]", event().nonResource("/healthz/etcd"), true),
                row("URL prefix is a plain prefix", "nonResourceURLs: [\"/healthz*\"]", event().nonResource("/healthzz"), true),
                row("URL prefix, other path", "nonResourceURLs: [\"/healthz*\"]", event().nonResource("/readyz"), false),
                row("URL *, non-resource", "nonResourceURLs: [\"*\"]", event().nonResource("/metrics"), true),
                row("URL *, never a resource request", "nonResourceURLs: [\"*\"]",
                        event().resource("default", "", "pods", "", "web-0"), false),
                row("resources, never a non-resource request", "resources: [{group: \"\"}]",
                        event().nonResource("/api"), false),
                // users, groups, verbs
                row("users: listed", "users: [alice]", event().user("alice"), true),
                row("users: not listed", "users: [alice]", event().user("bob"), false),
                row("userGroups: any group of the user", "userGroups: [system:masters]",
                        event().user("bob", "system:authenticated", "system:masters"), true),
                row("userGroups: none of them", "userGroups: [system:masters]",
                        event().user("bob", "system:authenticated"), false),
                row("userGroups: a user without groups", "userGroups: [system:masters]", event().user("bob"), false),
                row("verbs: listed", "verbs: [get, list]", event().verb("list"), true),
                row("verbs: not listed", "verbs: [get, list]", event().verb("watch"), false),
                row("every field must match", "users: [alice]\n    verbs: [delete]", event().user("alice"), false),
                row("a rule with no conditions matches all", "omitStages: []", event().nonResource("/version"), true));
    }

    static Arguments row(String what, String ruleFields, TestEvents event, boolean matches) {
        return Arguments.of(what, ruleFields, event, matches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void aRuleMatchesExactlyWhatKubeApiserverMatches(String what, String ruleFields, TestEvents event, boolean matches) {
        Policy policy = policy("", "  - level: RequestResponse\n    " + ruleFields + "\n");
        EventEditor.Applied applied = EventEditor.apply(policy, event.bytes());
        assertThat(applied.decision().matchedRule()).as(what).isEqualTo(matches);
        assertThat(applied.drop()).as(what).isEqualTo(matches ? null : EventEditor.Drop.LEVEL_NONE);
    }
}
