package dev.kubeaudit.agent.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a policy file's single YAML document into {@link YamlNode}s that keep their line and
 * column (Jackson's streaming YAML parser). Invalid YAML, duplicate keys and a second document are
 * findings; for a key whose indentation fits no enclosing map the finding gets a hint from
 * {@link YamlErrors}. Stateless; safe from any thread.
 */
final class PolicyYaml {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private PolicyYaml() {
    }

    /** The root node, or null when the document is empty or not valid YAML (then a finding says why). */
    static YamlNode parse(String text, List<Finding> findings) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return null;
            }
            YamlNode root = node(parser, findings);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                findings.add(Finding.error(line(at), column(at), "a second YAML document (expected: exactly one Policy)"));
            }
            return root;
        } catch (JsonProcessingException e) {
            findings.add(syntax(text, e));
            return null;
        } catch (IOException e) {
            findings.add(Finding.error(1, 1, "cannot read YAML: " + e.getMessage()));
            return null;
        }
    }

    private static Finding syntax(String text, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 1 : line(at);
        int column = at == null ? 1 : column(at);
        String[] lines = text.split("\n", -1);
        if (line < lines.length && column > lines[line - 1].length() && lines[line].startsWith("\t")) {
            line++; // SnakeYAML marks the end of the line before the tab
            column = 1;
        }
        Finding finding = Finding.error(line, column, "invalid YAML: " + YamlErrors.summary(e.getOriginalMessage()));
        String hint = YamlErrors.hint(text, line, column, e.getOriginalMessage());
        return hint == null ? finding : finding.withHint(hint);
    }

    private static YamlNode node(YAMLParser parser, List<Finding> findings) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return mapping(parser, findings, at);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(parser, findings));
                }
                return new YamlNode.Sequence(Collections.unmodifiableList(items), line(at), column(at));
            default:
                return new YamlNode.Scalar(parser.getText(), token == JsonToken.VALUE_STRING,
                        token == JsonToken.VALUE_NULL, line(at), column(at));
        }
    }

    private static YamlNode.Mapping mapping(YAMLParser parser, List<Finding> findings, JsonLocation at)
            throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonLocation keyAt = parser.currentTokenLocation();
            parser.nextToken();
            YamlNode value = node(parser, findings);
            YamlNode.Entry first = entries.get(key);
            if (first != null) {
                findings.add(Finding.error(line(keyAt), column(keyAt), "duplicate key \"" + key
                        + "\" (first given on line " + first.line() + "): kube-apiserver would use only one of them"));
            } else {
                entries.put(key, new YamlNode.Entry(key, line(keyAt), column(keyAt), value));
            }
        }
        return new YamlNode.Mapping(Collections.unmodifiableMap(entries), line(at), column(at));
    }

    private static int line(JsonLocation at) {
        return Math.max(1, at.getLineNr());
    }

    private static int column(JsonLocation at) {
        return Math.max(1, at.getColumnNr());
    }
}
