package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.StandardStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code audit-agent policy check} on a corpus of broken policies (src/test/resources/policy/broken):
 * every expected finding at its line and column, and the exit status.
 */
class PolicyCheckTest {
    static final Path BROKEN = Path.of("src", "test", "resources", "policy", "broken");

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("resource-names-misindented.yaml", 2, List.of(
                        "9:3: error: invalid YAML: expected the end of the block, but found a key",
                        "hint: \"resourceNames:\" is indented at the level of the rule list (column 3), where no map"
                                + " takes it; it belongs to the resources entry that starts on line 7: indent it to"
                                + " column 7, under that entry's \"resources:\"")),
                Arguments.of("resource-names-in-rule.yaml", 2, List.of(
                        "8:5: error: unknown field \"resourceNames\" in rule 1: kube-apiserver ignores it, so this"
                                + " rule matches more than it says",
                        "hint: \"resourceNames\" is a field of a resources entry")),
                Arguments.of("v1beta1.yaml", 2, List.of(
                        "1:13: error: apiVersion audit.k8s.io/v1beta1 was removed in Kubernetes 1.24",
                        "hint: use apiVersion: audit.k8s.io/v1")),
                Arguments.of("unknown-fields.yaml", 2, List.of(
                        "3:1: error: unknown field \"omitStage\" in the Policy", "hint: did you mean omitStages?",
                        "7:5: error: unknown field \"Resources\" in rule 1",
                        "hint: field names are case-sensitive: did you mean resources?",
                        "10:5: warning: rule 2 can never match: rule 1 (line 6)",
                        "14:7: error: unknown field \"verbs\" in a resources entry of rule 2",
                        "hint: \"verbs\" is a field of the rule, not of a resources entry")),
                Arguments.of("unknown-level-and-stage.yaml", 2, List.of(
                        "4:12: error: rule 1: unknown level \"Metdata\"", "hint: did you mean Metadata?",
                        "5:18: error: omitStages: unknown stage \"RequestRecieved\"",
                        "hint: did you mean RequestReceived?",
                        "6:5: error: rule 2: level is missing",
                        "6:5: warning: rule 2 can never match: rule 1 (line 4)")),
                Arguments.of("group-with-version.yaml", 2, List.of(
                        "6:14: error: group \"apps/v1\" contains a version", "hint: use group: \"apps\"",
                        "8:14: warning: group \"v1\" is a version, not a group")),
                Arguments.of("singular-resources.yaml", 0, List.of(
                        "7:19: warning: resource \"pod\" never matches: resources are plural: did you mean pods?",
                        "7:26: warning: resource \"Secrets\" never matches: resources are lower-case plurals",
                        "7:37: warning: resource \"pod/log\" never matches: resources are plural: did you mean pods/log?",
                        "8:13: warning: verb \"GET\" never matches: verbs are lower case",
                        "8:20: warning: verb \"read\" never appears in audit events")),
                Arguments.of("shadowed-rules.yaml", 0, List.of(
                        "8:5: warning: rule 2 can never match: rule 1 (line 4) matches every request it matches",
                        "13:5: warning: rule 4 can never match: rule 3 (line 12)")),
                Arguments.of("urls-and-resources.yaml", 2, List.of(
                        "5:5: error: rule 1: a rule cannot apply to both resources (or namespaces) and non-resource URLs",
                        "5:36: error: non-resource URL \"version\" must begin with '/'",
                        "5:47: error: non-resource URL \"/api/*/v1\": a '*' may only be the last character",
                        "8:5: warning: rule 2 can never match: rule 1 (line 4)",
                        "10:7: error: rule 2: resourceNames needs at least one resource")),
                Arguments.of("no-rules.yaml", 2, List.of("4:8: error: a policy needs at least one rule")),
                Arguments.of("tabs.yaml", 2, List.of("5:1: error: invalid YAML:",
                        "hint: YAML does not allow tabs for indentation")),
                Arguments.of("wrong-types.yaml", 2, List.of(
                        "3:20: error: omitManagedFields: \"true\" (expected: true or false, unquoted)",
                        "6:12: error: users: \"alice\" (expected: a list, e.g. [\"alice\"])",
                        "7:31: error: namespaces: 1 (expected: a string; quote it)")),
                Arguments.of("warnings-only.yaml", 0, List.of(
                        "7:19: warning: resource \"secret\" never matches",
                        "9:13: warning: users: \"system:serviceaccount:*\" is matched literally")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aBrokenPolicyIsReportedAtItsLinesAndColumns(String name, int status, List<String> expected) {
        Path file = BROKEN.resolve(name);
        assertThat(Main.execute("policy", "check", file.toString())).isEqualTo(status);
        String report = streams.err();
        for (String finding : expected) {
            assertThat(report).contains(finding.startsWith("hint:") ? finding : file + ":" + finding);
        }
        long reported = report.lines().filter(l -> l.startsWith(file + ":") && l.contains(": error: ")
                || l.contains(": warning: ")).count();
        assertThat(reported).as("findings in\n" + report)
                .isEqualTo(expected.stream().filter(f -> !f.startsWith("hint:")).count());
    }

    @Test
    void strictTurnsWarningsIntoExitStatus1() {
        Path file = BROKEN.resolve("warnings-only.yaml");
        assertThat(Main.execute("policy", "check", "--strict", file.toString())).isEqualTo(1);
        assertThat(Main.execute("policy", "check", "--strict", BROKEN.resolve("v1beta1.yaml").toString())).isEqualTo(2);
    }

    @Test
    void theSamplePoliciesAreValid() {
        for (String sample : List.of("../config/policy-sample.yaml",
                "src/test/resources/policy/samples/pods-log-status-metadata.yaml",
                "src/test/resources/policy/samples/pod-sp1-request-response.yaml",
                "src/test/resources/policy/samples/minikube-user-request-response.yaml")) {
            assertThat(Main.execute("policy", "check", "--strict", sample)).as(sample).isZero();
        }
        assertThat(streams.err()).isEmpty();
        assertThat(streams.out()).contains("policy-sample.yaml: ok (7 rules)");
    }

    @Test
    void aMissingFileIsAnError() {
        assertThat(Main.execute("policy", "check", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(streams.err()).contains("nope.yaml");
    }

    @Test
    void checkConfigAlsoChecksThePolicyFile() throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "policy:\n  file: " + BROKEN.resolve("v1beta1.yaml").toAbsolutePath() + "\n");
        assertThat(Main.execute("check-config", "--config", config.toString())).isEqualTo(2);
        assertThat(streams.err()).contains("v1beta1.yaml:1:13: error: apiVersion");
        Files.writeString(config, "policy:\n  file: " + Path.of("../config/policy-sample.yaml").toAbsolutePath()
                + "\nship:\n  destination: none\n");
        assertThat(Main.execute("check-config", "--config", config.toString())).isZero();
    }

    @Test
    void runRefusesABrokenPolicyWithItsFindings() throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "policy:\n  file: " + BROKEN.resolve("no-rules.yaml").toAbsolutePath()
                + "\nship:\n  destination: none\n");
        assertThat(Main.execute("run", "--config", config.toString())).isEqualTo(2);
        assertThat(streams.err()).contains("no-rules.yaml:4:8: error:");
    }
}
