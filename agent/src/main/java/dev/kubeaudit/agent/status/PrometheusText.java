package dev.kubeaudit.agent.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4, as Prometheus reads it):
 * {@code # HELP} and {@code # TYPE} lines (kept), other {@code #} lines (comments, skipped), blank
 * lines, and samples: {@code name[{label="value",...}] value [timestamp]}, label values with the
 * escapes {@code \\}, {@code \"} and {@code \n}, an optional trailing comma in the label set, values
 * as Go floats including {@code NaN}, {@code +Inf} and {@code -Inf}, and an optional integer
 * timestamp in milliseconds. Anything else is refused with its line number. Stateless.
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** What one scrape holds. */
    public record Parsed(List<Sample> samples, Map<String, String> help, Map<String, String> types) {
    }

    /** Parses {@code text}; a malformed line is an {@link IllegalArgumentException} naming its number. */
    public static Parsed parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            try {
                if (line.isBlank()) {
                    continue;
                }
                if (line.stripLeading().startsWith("#")) {
                    comment(line.stripLeading(), help, types);
                } else {
                    samples.add(new Line(line).sample());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage() + ": " + excerpt(line), e);
            }
        }
        return new Parsed(samples, help, types);
    }

    private static void comment(String line, Map<String, String> help, Map<String, String> types) {
        String[] parts = line.substring(1).strip().split("[ \t]+", 3);
        if (parts.length < 2 || !parts[0].equals("HELP") && !parts[0].equals("TYPE")) {
            return; // a plain comment
        }
        if (!isMetricName(parts[1])) {
            throw new IllegalArgumentException("metric name '" + parts[1] + "' in # " + parts[0]);
        }
        String rest = parts.length > 2 ? parts[2] : "";
        if (parts[0].equals("HELP")) {
            help.put(parts[1], unescapeHelp(rest));
        } else if (rest.matches("counter|gauge|histogram|summary|untyped")) {
            types.put(parts[1], rest);
        } else {
            throw new IllegalArgumentException("type '" + rest + "' (expected: counter, gauge, histogram, summary or untyped)");
        }
    }

    private static String unescapeHelp(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '\\' || s.charAt(i + 1) == 'n')) {
                out.append(s.charAt(++i) == 'n' ? '\n' : '\\');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static boolean isMetricName(String s) {
        return s.matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
    }

    private static String excerpt(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }

    /** One sample line, read left to right. */
    private static final class Line {
        private final String s;
        private int at;

        Line(String s) {
            this.s = s;
        }

        Sample sample() {
            skipBlanks();
            String name = name(true);
            Map<String, String> labels = new LinkedHashMap<>();
            boolean blank = skipBlanks();
            if (at < s.length() && s.charAt(at) == '{') {
                at++;
                labels(labels);
                blank = skipBlanks();
            }
            if (at >= s.length()) {
                throw new IllegalArgumentException("no value");
            }
            if (!blank) {
                throw new IllegalArgumentException("unexpected '" + s.charAt(at) + "' after the name");
            }
            double value = value(token());
            Long timestamp = null;
            if (skipBlanks() && at < s.length()) {
                String t = token();
                try {
                    timestamp = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("timestamp '" + t + "' (expected: integer milliseconds)");
                }
                skipBlanks();
            }
            if (at < s.length()) {
                throw new IllegalArgumentException("unexpected text after the " + (timestamp == null ? "value" : "timestamp"));
            }
            return new Sample(name, labels, value, timestamp);
        }

        private void labels(Map<String, String> labels) {
            while (true) {
                skipBlanks();
                if (at < s.length() && s.charAt(at) == '}') {
                    at++;
                    return;
                }
                String label = name(false);
                skipBlanks();
                expect('=');
                skipBlanks();
                expect('"');
                if (labels.put(label, quoted()) != null) {
                    throw new IllegalArgumentException("label '" + label + "' given twice");
                }
                skipBlanks();
                if (at < s.length() && s.charAt(at) == ',') {
                    at++;
                } else if (at >= s.length() || s.charAt(at) != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' in the labels");
                }
            }
        }

        private String quoted() {
            StringBuilder out = new StringBuilder();
            while (at < s.length()) {
                char c = s.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (at >= s.length()) {
                        break;
                    }
                    char e = s.charAt(at++);
                    switch (e) {
                        case '\\' -> out.append('\\');
                        case '"' -> out.append('"');
                        case 'n' -> out.append('\n');
                        default -> throw new IllegalArgumentException("escape '\\" + e + "' in a label value"
                                + " (expected: \\\\, \\\" or \\n)");
                    }
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("label value not closed by '\"'");
        }

        private String name(boolean metric) {
            int start = at;
            while (at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '_'
                    || metric && s.charAt(at) == ':')) {
                at++;
            }
            String name = s.substring(start, at);
            boolean valid = metric ? isMetricName(name) : name.matches("[a-zA-Z_][a-zA-Z0-9_]*");
            if (!valid) {
                throw new IllegalArgumentException((metric ? "metric" : "label") + " name '" + name + "'");
            }
            return name;
        }

        private void expect(char c) {
            if (at >= s.length() || s.charAt(at) != c) {
                throw new IllegalArgumentException("expected '" + c + "' in the labels");
            }
            at++;
        }

        private String token() {
            int start = at;
            while (at < s.length() && s.charAt(at) != ' ' && s.charAt(at) != '\t') {
                at++;
            }
            return s.substring(start, at);
        }

        /** Skips spaces and tabs; whether there were any. */
        private boolean skipBlanks() {
            int start = at;
            while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\t')) {
                at++;
            }
            return at > start;
        }
    }

    /** A Go float as the text format writes it: decimal or hexadecimal, NaN, +Inf, -Inf (any case). */
    static double value(String t) {
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "+inf", "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?0[xX][0-9a-fA-F]+(\\.[0-9a-fA-F]*)?([pP][+-]?\\d+)?")) {
            throw new IllegalArgumentException("value '" + t + "' (expected: a number, NaN, +Inf or -Inf)");
        }
        String hex = t.matches("[+-]?0[xX].*") && !t.matches(".*[pP].*") ? t + "p0" : t;
        return Double.parseDouble(hex);
    }
}
