package dev.kubeaudit.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * kube-apiserver's {@code --audit-log-*} flags, which override {@code log.*} of the file:
 * {@code --flag=value} or {@code --flag value}; {@code --audit-log-compress} alone means true
 * (as a pflag boolean, it never takes the next argument). Any other argument is a problem.
 * Immutable once parsed.
 */
final class KubeFlags {
    static final List<String> NAMES = List.of("--audit-log-path", "--audit-log-maxage",
            "--audit-log-maxbackup", "--audit-log-maxsize", "--audit-log-compress", "--audit-log-format");
    private static final String COMPRESS = "--audit-log-compress";

    private final Map<String, String> values;

    private KubeFlags(Map<String, String> values) {
        this.values = values;
    }

    /** Reads {@code args}; every problem goes to {@code problems}, the flag concerned is then ignored. */
    static KubeFlags parse(List<String> args, Problems problems) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!NAMES.contains(name)) {
                boolean afterCompress = i > 0 && args.get(i - 1).equals(COMPRESS);
                problems.flag(name, "unknown " + (arg.startsWith("-") ? "flag" : "argument"), afterCompress
                        ? COMPRESS + "=" + arg + "; a bare " + COMPRESS + " means true"
                        : "one of " + String.join(", ", NAMES));
            } else if (eq >= 0) {
                values.put(name, arg.substring(eq + 1));
            } else if (name.equals(COMPRESS)) {
                values.put(name, "true");
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                values.put(name, args.get(++i));
            } else {
                problems.flag(name, "no value", "--flag=value or --flag value");
            }
        }
        return new KubeFlags(values);
    }

    /** {@code log} with every given flag applied; a bad flag value is reported and leaves the key alone. */
    AgentConfig.Log applyTo(AgentConfig.Log log, Problems problems) {
        Path path = get("--audit-log-path", log.path(), problems, "a file path other than \"-\"", KubeFlags::path);
        int maxAge = get("--audit-log-maxage", log.maxAge(), problems, "an integer >= 0", KubeFlags::count);
        int maxBackup = get("--audit-log-maxbackup", log.maxBackup(), problems, "an integer >= 0", KubeFlags::count);
        int maxSize = get("--audit-log-maxsize", log.maxSize(), problems, "an integer >= 0", KubeFlags::count);
        boolean compress = get(COMPRESS, log.compress(), problems, "true or false", KubeFlags::bool);
        AgentConfig.LogFormat format = get("--audit-log-format", log.format(), problems, "json or legacy",
                text -> AgentConfig.LogFormat.valueOf(text.toUpperCase(Locale.ROOT)));
        return new AgentConfig.Log(path, maxAge, maxBackup, maxSize, compress, log.compression(),
                log.compressionLevel(), format, log.rotateInterval(), log.group(), log.fileMode());
    }

    private <T> T get(String name, T dflt, Problems problems, String expected, Function<String, T> convert) {
        String text = values.get(name);
        if (text == null) {
            return dflt;
        }
        try {
            return convert.apply(text);
        } catch (IllegalArgumentException e) {
            problems.flag(name, text.isEmpty() ? "\"\"" : text, expected);
            return dflt;
        }
    }

    static Path path(String text) {
        if (text.isEmpty() || text.equals("-")) {
            throw new IllegalArgumentException("not a file path: " + text);
        }
        return Path.of(text);
    }

    private static int count(String text) {
        if (!text.matches("\\d{1,10}") || Long.parseLong(text) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a count: " + text);
        }
        return Integer.parseInt(text);
    }

    /** As Go's strconv.ParseBool, which pflag uses: 1, t, T, TRUE, true, True, 0, f, F, … */
    private static boolean bool(String text) {
        switch (text) {
            case "1": case "t": case "T": case "TRUE": case "true": case "True":
                return true;
            case "0": case "f": case "F": case "FALSE": case "false": case "False":
                return false;
            default:
                throw new IllegalArgumentException("not a boolean: " + text);
        }
    }
}
