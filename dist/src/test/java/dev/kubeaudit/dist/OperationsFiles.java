package dev.kubeaudit.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operations checks read from the repository: the rules of
 * {@code config/prometheus/alerts.yaml}, the cases of {@code alerts_test.yaml}, and the Grafana
 * dashboard {@code config/grafana/kube-audit-agent.json}. Stateless.
 */
final class OperationsFiles {
    static final Path ALERTS = Tools.ROOT.resolve("config/prometheus/alerts.yaml");
    static final Path ALERTS_TEST = Tools.ROOT.resolve("config/prometheus/alerts_test.yaml");
    static final Path DASHBOARD = Tools.ROOT.resolve("config/grafana/kube-audit-agent.json");
    static final Path RUNBOOKS = Tools.ROOT.resolve("docs/runbooks.md");
    /** Grafana's {@code label_values(selector, label)}: the selector is PromQL, the label is not. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$");

    private OperationsFiles() {
    }

    /** One alerting rule. */
    record Rule(String alert, String expr, Map<String, String> labels, Map<String, String> annotations) {
    }

    /** One {@code alert_rule_test} case: the alert it is about and the annotations of each alert it expects. */
    record RuleCase(String test, String alertname, String evalTime, List<Map<String, String>> expectedAnnotations) {
        boolean fires() {
            return !expectedAnnotations.isEmpty();
        }
    }

    static List<Rule> rules() throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : new YAMLMapper().readTree(ALERTS.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.add(new Rule(rule.path("alert").asText(null), rule.path("expr").asText(), strings(rule.path("labels")),
                        strings(rule.path("annotations"))));
            }
        }
        return rules;
    }

    static List<RuleCase> ruleCases() throws IOException {
        List<RuleCase> cases = new ArrayList<>();
        for (JsonNode test : tests()) {
            for (JsonNode c : test.path("alert_rule_test")) {
                List<Map<String, String>> annotations = new ArrayList<>();
                for (JsonNode expected : c.path("exp_alerts")) {
                    annotations.add(strings(expected.path("exp_annotations")));
                }
                cases.add(new RuleCase(test.path("name").asText(), c.path("alertname").asText(),
                        c.path("eval_time").asText(), annotations));
            }
        }
        return cases;
    }

    /** The series selectors of every test's {@code input_series}. */
    static List<String> testSeries() throws IOException {
        List<String> series = new ArrayList<>();
        for (JsonNode test : tests()) {
            for (JsonNode input : test.path("input_series")) {
                series.add(input.path("series").asText());
            }
        }
        return series;
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /** Every panel of the dashboard, rows included, in order (the panels of a collapsed row after it). */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** The PromQL of every panel target and of every query variable's {@code label_values} selector. */
    static List<String> dashboardExpressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                Matcher m = LABEL_VALUES.matcher(variable.path("query").asText());
                expressions.add(m.matches() ? m.group(1) : variable.path("query").asText());
            }
        }
        return expressions;
    }

    private static Iterable<JsonNode> tests() throws IOException {
        return new YAMLMapper().readTree(ALERTS_TEST.toFile()).path("tests");
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
