package dev.kubeaudit.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a configuration file is written, to show a {@link KeyProblem} found after
 * loading as {@code FILE:LINE: key: value: problem}, a warning as
 * {@code FILE:LINE: warning: key: value: problem}. A key the file does not write (its default) is
 * shown as {@code FILE: key (default): value: problem}; a key a command-line flag set, as
 * {@code --flag: value: problem}. Not thread-safe: built and used by one command.
 */
public final class KeyLines {
    private final String source;
    private final Map<String, Integer> lines;
    private final Map<String, String> flags = new HashMap<>();

    private KeyLines(String source, Map<String, Integer> lines) {
        this.source = source;
        this.lines = lines;
    }

    /** The lines of {@code fileOrNull} (null: the embedded defaults, no lines). */
    public static KeyLines of(Path fileOrNull) {
        Map<String, Integer> lines = new HashMap<>();
        if (fileOrNull == null) {
            return new KeyLines("(defaults)", lines);
        }
        try {
            Problems ignored = new Problems(fileOrNull.toString()); // the loader has reported them
            collect("", YamlDocument.parse(Files.readString(fileOrNull, StandardCharsets.UTF_8), ignored), lines);
        } catch (IOException e) {
            // the loader has read it a moment ago; without lines the problems still name the keys
        }
        return new KeyLines(fileOrNull.toString(), lines);
    }

    /** Shows {@code key} as set by {@code flag} (e.g. log.path by --audit-log-path). */
    public KeyLines setBy(String key, String flag) {
        flags.put(key, flag);
        return this;
    }

    /** The line {@code p} is shown at, to list problems in file order: 0 for a default, after every line for a flag. */
    public int line(KeyProblem p) {
        if (flags.containsKey(p.key())) {
            return Integer.MAX_VALUE;
        }
        return lines.getOrDefault(p.key(), 0);
    }

    /** The problem as one line. */
    public String format(KeyProblem p) {
        String warning = p.isError() ? "" : "warning: ";
        String flag = flags.get(p.key());
        if (flag != null) {
            return flag + ": " + warning + p.value() + ": " + p.problem();
        }
        Integer line = lines.get(p.key());
        if (line == null) {
            return source + ": " + warning + p.key() + " (default): " + p.value() + ": " + p.problem();
        }
        return source + ":" + line + ": " + warning + p.key() + ": " + p.value() + ": " + p.problem();
    }

    private static void collect(String prefix, ConfigNode node, Map<String, Integer> lines) {
        if (node instanceof ConfigNode.Mapping mapping) {
            for (ConfigNode.Entry e : mapping.entries().values()) {
                String key = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
                if (e.value() instanceof ConfigNode.Mapping) {
                    if (key.contains("[")) {
                        lines.put(key, e.keyLine());   // in a list item (forward[0].kafka.properties): its own line
                    }
                    collect(key, e.value(), lines);
                } else if (e.value() instanceof ConfigNode.Sequence sequence && !sequence.items().isEmpty()
                        && sequence.items().get(0) instanceof ConfigNode.Mapping) {
                    lines.put(key, e.value().line());
                    for (int i = 0; i < sequence.items().size(); i++) {
                        lines.put(key + "[" + i + "]", sequence.items().get(i).line());
                        collect(key + "[" + i + "]", sequence.items().get(i), lines);
                    }
                } else if (!(e.value() instanceof ConfigNode.Scalar s && s.isNull())) {
                    lines.put(key, e.value().line());
                }
            }
        }
    }
}
