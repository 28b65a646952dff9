package dev.kubeaudit.agent.policy;

import java.util.List;
import java.util.Map;

/** One node of a parsed policy file with the 1-based line and column it starts at. Immutable. */
sealed interface YamlNode {

    int line();

    int column();

    /** How the node is named in a message about a wrong type. */
    String shown();

    /** A scalar: its text and whether YAML resolved it as a string (quoted or not) or something else. */
    record Scalar(String text, boolean string, boolean isNull, int line, int column) implements YamlNode {
        @Override
        public String shown() {
            return isNull ? "null" : string ? "\"" + text + "\"" : text;
        }
    }

    /** A map, entries in file order. */
    record Mapping(Map<String, Entry> entries, int line, int column) implements YamlNode {
        @Override
        public String shown() {
            return "a map";
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        @Override
        public String shown() {
            return "a list";
        }
    }

    /** One key of a {@link Mapping}, where the key is written, and its value. */
    record Entry(String key, int line, int column, YamlNode value) {
    }
}
