package dev.kubeaudit.agent.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One map of the configuration file (the root, {@code listen}, {@code listen.tls}, …) read key by
 * key: each typed getter returns the default when the key is absent or null, and otherwise either
 * the checked value or, after reporting a problem with the value's line, the default. Keys not
 * declared are reported when the section is created. Not thread-safe: used by one load.
 */
final class Section {
    private final String path;
    private final Map<String, ConfigNode.Entry> entries;
    private final int line;
    private final Problems problems;

    private Section(String path, Map<String, ConfigNode.Entry> entries, int line, Problems problems) {
        this.path = path;
        this.entries = entries;
        this.line = line;
        this.problems = problems;
    }

    /** The root section; {@code root} null means an empty file. */
    static Section root(ConfigNode root, Problems problems, List<String> keys) {
        return of("", root, 1, problems, keys);
    }

    /** The sub-map under {@code key}; absent, null or not a map reads as empty (the latter reported). */
    Section section(String key, List<String> keys) {
        ConfigNode.Entry entry = entries.get(key);
        return of(keyPath(key), entry == null ? null : entry.value(), entry == null ? line : entry.keyLine(),
                problems, keys);
    }

    /**
     * The sub-map under {@code key} once more, for a rule across sections: its keys are not checked
     * (they were when it was read), nothing is reported.
     */
    Section peek(String key) {
        ConfigNode.Entry entry = entries.get(key);
        Map<String, ConfigNode.Entry> map = entry != null && entry.value() instanceof ConfigNode.Mapping m
                ? m.entries() : Map.of();
        return new Section(keyPath(key), map, entry == null ? line : entry.keyLine(), problems);
    }

    /** Reports {@code key} (a key of any section, shown as {@code keyPath}) with {@code value} at {@code line}. */
    void problemAt(int line, String keyPath, String value, String expected) {
        problems.value(line, keyPath, value, expected);
    }

    private static Section of(String path, ConfigNode node, int line, Problems problems, List<String> keys) {
        if (node instanceof ConfigNode.Mapping mapping) {
            for (ConfigNode.Entry e : mapping.entries().values()) {
                if (!keys.contains(e.key())) {
                    problems.unknownKey(e.keyLine(), path.isEmpty() ? e.key() : path + "." + e.key(), keys);
                }
            }
            return new Section(path, mapping.entries(), line, problems);
        }
        if (node != null && !(node instanceof ConfigNode.Scalar s && s.isNull())) {
            problems.value(node.line(), path.isEmpty() ? "(document)" : path, node.shown(),
                    "a map with keys: " + String.join(", ", keys));
        }
        return new Section(path, Map.of(), line, problems);
    }

    /** The full dotted name of {@code key} in this section, as problems show it. */
    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The line of {@code key}'s value, or of this section when the key is absent. */
    int line(String key) {
        ConfigNode.Entry entry = entries.get(key);
        return entry == null ? line : entry.value().line();
    }

    boolean has(String key) {
        ConfigNode.Entry entry = entries.get(key);
        return entry != null && !(entry.value() instanceof ConfigNode.Scalar s && s.isNull());
    }

    /** The value as written, shown in problems; "(not set)" when absent. */
    String shown(String key) {
        ConfigNode.Entry entry = entries.get(key);
        return entry == null ? "(not set)" : entry.value().shown();
    }

    void problem(String key, String expected) {
        problems.value(line(key), keyPath(key), shown(key), expected);
    }

    /**
     * The scalar under {@code key} converted by {@code convert}, which throws
     * IllegalArgumentException for a bad value; {@code dflt} when absent, null or bad (reported).
     */
    <T> T value(String key, T dflt, String expected, Function<ConfigNode.Scalar, T> convert) {
        ConfigNode.Entry entry = entries.get(key);
        if (entry == null || entry.value() instanceof ConfigNode.Scalar s && s.isNull()) {
            return dflt;
        }
        if (entry.value() instanceof ConfigNode.Scalar scalar) {
            try {
                return convert.apply(scalar);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        problem(key, expected);
        return dflt;
    }

    /** A string; an empty string counts as absent. */
    String string(String key, String dflt) {
        String text = value(key, dflt, "a string", Section::text);
        return text == null || text.isEmpty() ? dflt : text;
    }

    /** A path, kept relative as written; an empty string counts as absent. */
    Path path(String key, Path dflt) {
        String text = value(key, null, "a file path", Section::text);
        if (text == null || text.isEmpty()) {
            return dflt;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            problem(key, "a file path");
            return dflt;
        }
    }

    /** An integer from {@code min} to {@code max}. */
    int integer(String key, int min, int max, int dflt) {
        return integer(key, min, max, dflt, Range.describe("an integer", min, max));
    }

    /** An integer from {@code min} to {@code max}, described to the operator as {@code expected}. */
    int integer(String key, int min, int max, int dflt, String expected) {
        return (int) number(key, min, max, dflt, expected);
    }

    /** A byte count (integer or Ki/Mi/Gi/Ti suffix) of at least {@code min}. */
    long bytes(String key, long min, long dflt) {
        String expected = "a byte size >= " + min + ", e.g. 1048576 or 1Mi";
        long value = value(key, dflt, expected, scalar -> ByteSize.parse(text(scalar)));
        if (value < min) {
            problem(key, expected);
            return dflt;
        }
        return value;
    }

    /** A byte count from {@code min} to {@code max}. */
    long bytes(String key, long min, long max, long dflt) {
        String expected = Range.describe("a byte size", min, max) + ", e.g. 16Ki";
        long value = value(key, dflt, expected, scalar -> ByteSize.parse(text(scalar)));
        if (value < min || value > max) {
            problem(key, expected);
            return dflt;
        }
        return value;
    }

    Duration duration(String key, Duration dflt) {
        return value(key, dflt, GoDuration.EXPECTED, scalar -> GoDuration.parse(text(scalar)));
    }

    boolean bool(String key, boolean dflt) {
        return value(key, dflt, "true or false", scalar -> {
            String text = scalar.text().toLowerCase(Locale.ROOT);
            if (scalar.kind() == ConfigNode.Scalar.Kind.BOOLEAN && (text.equals("true") || text.equals("false"))) {
                return text.equals("true");
            }
            throw new IllegalArgumentException("not a boolean");
        });
    }

    /** One of the constants of {@code type}, written in any case. */
    <E extends Enum<E>> E choice(String key, Class<E> type, E dflt) {
        return value(key, dflt, choices(type), scalar -> Enum.valueOf(type, text(scalar).toUpperCase(Locale.ROOT)));
    }

    /** A list of non-empty strings; absent or null is the empty list. */
    List<String> strings(String key) {
        ConfigNode.Entry entry = entries.get(key);
        if (entry == null || entry.value() instanceof ConfigNode.Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(entry.value() instanceof ConfigNode.Sequence sequence)) {
            problem(key, "a list of strings");
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            ConfigNode item = sequence.items().get(i);
            if (item instanceof ConfigNode.Scalar scalar && scalar.kind() == ConfigNode.Scalar.Kind.STRING
                    && !scalar.text().isEmpty()) {
                result.add(scalar.text());
            } else {
                problems.value(item.line(), keyPath(key) + "[" + i + "]", item.shown(), "a non-empty string");
            }
        }
        return List.copyOf(result);
    }

    /**
     * A map under {@code key} whose keys the file chooses (not declared keys), each value one of
     * {@code type}'s constants in any case; absent or null is the empty map. A key {@code validName}
     * refuses or a bad value is reported at its line, and left out.
     */
    <E extends Enum<E>> Map<String, E> namedChoices(String key, Predicate<String> validName, String nameExpected,
                                                    Class<E> type) {
        ConfigNode.Mapping mapping = namedMap(key);
        if (mapping == null) {
            return Map.of();
        }
        Section named = new Section(keyPath(key), mapping.entries(), entries.get(key).keyLine(), problems);
        Map<String, E> result = new LinkedHashMap<>();
        for (ConfigNode.Entry e : mapping.entries().values()) {
            if (!validName.test(e.key())) {
                problems.value(e.keyLine(), named.keyPath(e.key()), "unknown name", nameExpected);
            } else if (named.has(e.key())) {
                E value = named.choice(e.key(), type, null);
                if (value != null) {
                    result.put(e.key(), value);
                }
            } else {
                named.problem(e.key(), named.choices(type));
            }
        }
        return result;
    }

    private static <E extends Enum<E>> String choices(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        return String.join(" or ", names);
    }

    private long number(String key, long min, long max, long dflt, String expected) {
        return value(key, dflt, expected, scalar -> {
            if (scalar.kind() != ConfigNode.Scalar.Kind.INTEGER || !scalar.text().matches("[-+]?\\d+")) {
                throw new IllegalArgumentException("not an integer");
            }
            BigInteger value = new BigInteger(scalar.text());
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new IllegalArgumentException("out of range");
            }
            return value.longValue();
        });
    }

    /**
     * The maps of the list under {@code key}, each read with {@code keys} and shown as
     * {@code key[i]}; absent or null is the empty list; an item that is not a map is reported and left out.
     */
    List<Section> sections(String key, List<String> keys) {
        ConfigNode.Entry entry = entries.get(key);
        if (entry == null || entry.value() instanceof ConfigNode.Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(entry.value() instanceof ConfigNode.Sequence sequence)) {
            problem(key, "a list of maps with keys: " + String.join(", ", keys));
            return List.of();
        }
        List<Section> result = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            ConfigNode item = sequence.items().get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            if (item instanceof ConfigNode.Mapping) {
                result.add(of(itemPath, item, item.line(), problems, keys));
            } else {
                problems.value(item.line(), itemPath, item.shown(), "a map with keys: " + String.join(", ", keys));
            }
        }
        return List.copyOf(result);
    }

    /** The line where this section starts (its key's, or its item's). */
    int line() {
        return line;
    }

    /**
     * A map under {@code key} whose keys the file chooses, each value a scalar kept as written
     * (strings, numbers and booleans); absent or null is the empty map; other values are reported.
     */
    Map<String, String> scalarMap(String key) {
        ConfigNode.Mapping mapping = namedMap(key);
        if (mapping == null) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (ConfigNode.Entry e : mapping.entries().values()) {
            if (e.value() instanceof ConfigNode.Scalar scalar && !scalar.isNull()) {
                result.put(e.key(), scalar.text());
            } else {
                problems.value(e.value().line(), keyPath(key) + "." + e.key(), e.value().shown(), "a string, number or boolean");
            }
        }
        return result;
    }

    /** The map under {@code key} whose keys the file chooses; null when absent or null, and when not a map (reported). */
    private ConfigNode.Mapping namedMap(String key) {
        ConfigNode.Entry entry = entries.get(key);
        if (entry == null || entry.value() instanceof ConfigNode.Scalar s && s.isNull()) {
            return null;
        }
        if (!(entry.value() instanceof ConfigNode.Mapping mapping)) {
            problem(key, "a map of names to values");
            return null;
        }
        return mapping;
    }

    /** Any scalar's text except a map or list; strings, numbers and booleans as written. */
    private static String text(ConfigNode.Scalar scalar) {
        return scalar.text();
    }
}
