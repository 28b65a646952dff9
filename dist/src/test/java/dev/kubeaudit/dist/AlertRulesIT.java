package dev.kubeaudit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.dist.OperationsFiles.Rule;
import dev.kubeaudit.dist.OperationsFiles.RuleCase;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules as an operator meets them: promtool accepts them and their unit tests pass, every
 * rule says what fired it and where its runbook is, and the unit tests make every rule fire (with
 * all its annotations) and stay silent at least once.
 */
class AlertRulesIT {
    private static final Set<String> ANNOTATIONS = Set.of("summary", "description", "runbook_url");
    /** A path relative to the repository's root (or a URL ending in it) and an anchor. */
    private static final Pattern RUNBOOK = Pattern.compile("^(.*?)docs/runbooks\\.md#([a-z0-9_-]+)$");
    private static final Pattern TEMPLATE_VALUE = Pattern.compile("\\{\\{[^}]*\\$(value|labels)[^}]*}}");

    @Test
    void rulesPassPromtoolCheckAndTheirUnitTests() throws Exception {
        Tools.require("promtool");
        Tools.Result check = Tools.run("promtool", "check", "rules", OperationsFiles.ALERTS.toString());
        assertThat(check.status()).as(check.output()).isZero();
        Tools.Result test = Tools.run("promtool", "test", "rules", OperationsFiles.ALERTS_TEST.toString());
        assertThat(test.status()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyRuleHasASummaryADescriptionWithItsValuesAndItsOwnRunbookSection() throws Exception {
        List<Rule> rules = OperationsFiles.rules();
        List<String> anchors = MarkdownAnchors.of(Files.readString(OperationsFiles.RUNBOOKS));
        Set<String> prefixes = new TreeSet<>();
        assertThat(rules).isNotEmpty();
        for (Rule rule : rules) {
            assertThat(rule.alert()).as("a recording rule in alerts.yaml").isNotBlank();
            assertThat(rule.labels().get("severity")).as(rule.alert()).isIn("critical", "warning");
            assertThat(rule.annotations().keySet()).as(rule.alert()).isEqualTo(ANNOTATIONS);
            assertThat(rule.annotations().get("summary")).as(rule.alert()).isNotBlank();
            assertThat(rule.annotations().get("description")).as(rule.alert() + " description names what fired it")
                    .containsPattern(TEMPLATE_VALUE);
            Matcher url = RUNBOOK.matcher(rule.annotations().get("runbook_url"));
            assertThat(url.matches()).as(rule.alert() + " runbook_url " + rule.annotations().get("runbook_url")).isTrue();
            prefixes.add(url.group(1));
            assertThat(url.group(2)).as(rule.alert() + ": its section is the heading named after it")
                    .isEqualTo(rule.alert().toLowerCase(Locale.ROOT));
            assertThat(anchors).as("headings of docs/runbooks.md").contains(url.group(2));
        }
        assertThat(prefixes).as("one base for every runbook_url, so that one edit moves them all").hasSize(1);
        assertThat(rules).extracting(Rule::alert).doesNotHaveDuplicates();
    }

    @Test
    void everyRunbookSectionOfAnAlertBelongsToARule() throws Exception {
        Set<String> alerts = new TreeSet<>();
        OperationsFiles.rules().forEach(r -> alerts.add(r.alert().toLowerCase(Locale.ROOT)));
        List<String> sections = MarkdownAnchors.of(Files.readString(OperationsFiles.RUNBOOKS)).stream()
                .filter(a -> a.startsWith("kubeaudit")).toList();
        assertThat(sections).containsExactlyInAnyOrderElementsOf(alerts);
    }

    @Test
    void everyRuleFiresInATestWithAllItsAnnotationsAndStaysSilentInAnother() throws Exception {
        List<RuleCase> cases = OperationsFiles.ruleCases();
        Set<String> alerts = new TreeSet<>();
        OperationsFiles.rules().forEach(r -> alerts.add(r.alert()));
        for (String alert : alerts) {
            List<RuleCase> firing = cases.stream().filter(c -> c.alertname().equals(alert) && c.fires()).toList();
            assertThat(firing).as(alert + " fires in some case of alerts_test.yaml").isNotEmpty();
            assertThat(cases).as(alert + " stays silent in some case of alerts_test.yaml")
                    .anyMatch(c -> c.alertname().equals(alert) && !c.fires());
        }
        for (RuleCase c : cases) {
            assertThat(alerts).as("test '" + c.test() + "' is about a rule of alerts.yaml").contains(c.alertname());
            for (var annotations : c.expectedAnnotations()) {
                assertThat(annotations.keySet()).as(c.test() + " at " + c.evalTime() + ": every annotation expected")
                        .isEqualTo(ANNOTATIONS);
            }
        }
    }
}
