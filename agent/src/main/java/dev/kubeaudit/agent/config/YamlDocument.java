package dev.kubeaudit.agent.config;

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
 * Reads one YAML document into {@link ConfigNode}s that keep their line numbers (Jackson's
 * streaming YAML parser). Duplicate keys and further documents are problems, as is invalid YAML.
 * Stateless; safe to use from any thread.
 */
final class YamlDocument {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlDocument() {
    }

    /** The document's root, or null when it is empty (or there was a syntax problem, reported). */
    static ConfigNode parse(String text, Problems problems) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            ConfigNode root = node(parser, problems, "");
            if (parser.nextToken() != null) {
                problems.syntax(line(parser), "a second YAML document (expected: exactly one)");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            problems.syntax(line, firstLine(e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.syntax(1, firstLine(String.valueOf(e.getMessage())));
            return null;
        }
    }

    private static ConfigNode node(YAMLParser parser, Problems problems, String path) throws IOException {
        JsonToken token = parser.currentToken();
        int line = line(parser);
        switch (token) {
            case START_OBJECT:
                return mapping(parser, problems, path, line);
            case START_ARRAY:
                List<ConfigNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(parser, problems, path + "[" + items.size() + "]"));
                }
                return new ConfigNode.Sequence(Collections.unmodifiableList(items), line);
            default:
                return new ConfigNode.Scalar(parser.getText(), kind(token), line);
        }
    }

    private static ConfigNode.Mapping mapping(YAMLParser parser, Problems problems, String path, int line)
            throws IOException {
        Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line(parser);
            parser.nextToken();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            ConfigNode value = node(parser, problems, keyPath);
            ConfigNode.Entry first = entries.get(key);
            if (first != null) {
                problems.duplicateKey(keyLine, keyPath, first.keyLine());
            } else {
                entries.put(key, new ConfigNode.Entry(key, keyLine, value));
            }
        }
        return new ConfigNode.Mapping(Collections.unmodifiableMap(entries), line);
    }

    private static ConfigNode.Scalar.Kind kind(JsonToken token) {
        switch (token) {
            case VALUE_NUMBER_INT:
                return ConfigNode.Scalar.Kind.INTEGER;
            case VALUE_NUMBER_FLOAT:
                return ConfigNode.Scalar.Kind.FLOAT;
            case VALUE_TRUE:
            case VALUE_FALSE:
                return ConfigNode.Scalar.Kind.BOOLEAN;
            case VALUE_NULL:
                return ConfigNode.Scalar.Kind.NULL;
            default:
                return ConfigNode.Scalar.Kind.STRING;
        }
    }

    private static int line(YAMLParser parser) {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
