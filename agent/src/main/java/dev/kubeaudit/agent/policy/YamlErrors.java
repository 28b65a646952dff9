package dev.kubeaudit.agent.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns SnakeYAML's multi-line syntax errors into one readable sentence, and adds a hint for the
 * mistakes policies are known for: a key indented so that it fits no enclosing map (above all
 * {@code resourceNames:} at the level of the rule list instead of inside its resources entry) and
 * tabs. Stateless; thread-safe.
 */
final class YamlErrors {
    private static final Set<String> ENTRY_KEYS = Set.of("group", "resources", "resourceNames");

    private YamlErrors() {
    }

    /**
     * "problem (context at line L)" from SnakeYAML's "context / mark / problem / mark" message,
     * with its token names in words.
     */
    static String summary(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        List<String> sentences = new ArrayList<>();
        String contextLine = null;
        String[] lines = message.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(" in '")) {
                if (contextLine == null && sentences.size() == 1) {
                    contextLine = line.replaceFirst(".*?(line \\d+).*", "$1");
                }
                i += 2; // the excerpt and the caret below the mark
            } else if (!line.isBlank()) {
                sentences.add(line.trim());
            }
        }
        if (sentences.isEmpty()) {
            return words(lines[0]);
        }
        String problem = words(sentences.get(sentences.size() - 1));
        if (sentences.size() > 1) {
            String context = sentences.get(0) + (contextLine == null ? "" : " that starts on " + contextLine);
            return problem + " (" + context + ")";
        }
        return problem;
    }

    private static String words(String text) {
        return text.replace("'?'", "a key").replace("'<block mapping start>'", "the start of a map")
                .replace("'<block end>'", "the end of a block").replace("<block end>", "the end of the block");
    }

    /** A hint for the error at {@code line}/{@code column} of {@code text}, or null. */
    static String hint(String text, int line, int column, String message) {
        String[] lines = text.split("\n", -1);
        if (line < 1 || line > lines.length || message == null) {
            return null;
        }
        String at = lines[line - 1];
        if (message.contains("\\t(TAB)") || at.startsWith("\t") || at.contains(":\t")) {
            return "YAML does not allow tabs for indentation: indent with spaces";
        }
        if (!message.contains("expected <block end>")) {
            return null;
        }
        String key = keyOf(at);
        if (key == null) {
            return null;
        }
        int keyColumn = at.indexOf(key) + 1;
        if (key.equals("resourceNames") || key.equals("group")) {
            int[] entry = entryAbove(lines, line - 1);
            if (entry != null) {
                return "\"" + key + ":\" is indented at the level of the rule list (column " + keyColumn
                        + "), where no map takes it; it belongs to the resources entry that starts on line " + entry[0]
                        + ": indent it to column " + entry[1] + ", under that entry's \"resources:\"";
            }
        }
        if (ENTRY_KEYS.contains(key) || PolicyReader.RULE_KEYS.contains(key)) {
            return "\"" + key + ":\" at column " + keyColumn + " lines up with no enclosing map: every key of one map"
                    + " must start in the same column (spaces only)";
        }
        return "\"" + key + ":\" at column " + keyColumn + " lines up with no enclosing map: check its indentation";
    }

    /** The key written on this line ({@code key:} or {@code - key:}), or null. */
    private static String keyOf(String line) {
        String t = line.strip();
        if (t.startsWith("- ")) {
            t = t.substring(2).strip();
        }
        int colon = t.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String key = t.substring(0, colon).strip();
        return key.matches("[A-Za-z][A-Za-z0-9_-]*") ? key : null;
    }

    /** Line and key column (1-based) of the nearest resources entry above {@code index}, or null. */
    private static int[] entryAbove(String[] lines, int index) {
        for (int i = index - 1; i >= 0; i--) {
            String t = lines[i].strip();
            if (t.startsWith("- group:") || t.startsWith("- resources:")) {
                return new int[] {i + 1, lines[i].indexOf('-') + 3};
            }
            if (t.startsWith("- level:") || t.startsWith("rules:")) {
                return null;
            }
        }
        return null;
    }
}
