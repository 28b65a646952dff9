package dev.kubeaudit.agent.config;

import java.util.List;
import java.util.Map;

/**
 * One node of a parsed configuration file, each with the 1-based line it starts on, so that every
 * problem can name its line. Immutable.
 */
sealed interface ConfigNode {

    int line();

    /** How the node is shown in a problem when it is not the scalar that was expected. */
    String shown();

    /** A scalar: its text as written, and whether YAML resolved it as a string, integer, boolean, … */
    record Scalar(String text, Kind kind, int line) implements ConfigNode {
        enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

        boolean isNull() {
            return kind == Kind.NULL;
        }

        @Override
        public String shown() {
            return text.isEmpty() && kind == Kind.STRING ? "\"\"" : text;
        }
    }

    /** A map; entries in file order, each with the line of its key. */
    record Mapping(Map<String, Entry> entries, int line) implements ConfigNode {
        @Override
        public String shown() {
            return "a map";
        }
    }

    /** A list. */
    record Sequence(List<ConfigNode> items, int line) implements ConfigNode {
        @Override
        public String shown() {
            return "a list";
        }
    }

    /** One key of a {@link Mapping}: the key's own line and its value. */
    record Entry(String key, int keyLine, ConfigNode value) {
    }
}
