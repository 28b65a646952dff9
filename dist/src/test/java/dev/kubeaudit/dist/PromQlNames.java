package dev.kubeaudit.dist;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The metric names a PromQL expression selects: an identifier standing as a selector (followed by
 * {@code {}, {@code [}, an operator or nothing) and the name of a {@code {__name__="…"}} matcher.
 * Not names: functions and aggregations (an identifier followed by {@code (}, or an aggregation
 * followed by {@code by}/{@code without}), keywords ({@code by}, {@code without}, {@code on},
 * {@code ignoring}, {@code group_left}, {@code group_right}, {@code bool}, {@code offset},
 * {@code and}, {@code or}, {@code unless}, {@code atan2}, {@code inf}, {@code nan}), label names
 * inside braces and grouping lists, string literals, numbers and durations, ranges in brackets,
 * comments, and Grafana variables ({@code $node}, {@code ${datasource}}). A name ending in
 * {@code _bucket} is returned as written; {@link ScrapedMetrics} maps it to its family. Stateless.
 */
final class PromQlNames {
    private static final Set<String> KEYWORDS = Set.of("bool", "offset", "and", "or", "unless", "atan2", "inf",
            "nan", "by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

    private final String text;
    private final Set<String> names = new LinkedHashSet<>();
    private int at;

    private PromQlNames(String text) {
        this.text = text;
    }

    /** The metric names {@code expression} selects, in order of first appearance. */
    static Set<String> of(String expression) {
        PromQlNames scan = new PromQlNames(expression);
        scan.expression();
        return scan.names;
    }

    private void expression() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"' || c == '\'' || c == '`') {
                skipString();
            } else if (c == '#') {
                skipTo('\n');
            } else if (c == '{') {
                matchers();
            } else if (c == '[') {
                skipTo(']');
            } else if (c == '$') {
                variable();
            } else if (Character.isDigit(c) || c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1))) {
                number();
            } else if (identifierStart(c)) {
                identifier();
            } else {
                at++;
            }
        }
    }

    private void identifier() {
        String word = word();
        char next = nextNonSpace();
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        if (GROUPING.contains(lower) && next == '(') {
            skipTo(')');
        } else if (KEYWORDS.contains(lower) || next == '(' || AGGREGATIONS.contains(lower)) {
            return;
        } else {
            names.add(word);
        }
    }

    /** A label matcher list: label names are skipped, {@code __name__="x"} names x. */
    private void matchers() {
        at++; // '{'
        while (at < text.length() && text.charAt(at) != '}') {
            char c = text.charAt(at);
            if (identifierStart(c)) {
                String label = word();
                char op = nextNonSpace();
                if (label.equals("__name__") && op == '=' && at + 1 < text.length() && text.charAt(at + 1) != '~') {
                    at++;
                    nextNonSpace();
                    int start = at + 1;
                    skipString();
                    names.add(text.substring(start, at - 1));
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                skipString();
            } else {
                at++;
            }
        }
        at++; // '}'
    }

    private String word() {
        int start = at;
        while (at < text.length() && (identifierStart(text.charAt(at)) || Character.isDigit(text.charAt(at)))) {
            at++;
        }
        return text.substring(start, at);
    }

    private void number() {
        while (at < text.length()) {
            char c = text.charAt(at);
            boolean exponentSign = (c == '+' || c == '-') && (text.charAt(at - 1) == 'e' || text.charAt(at - 1) == 'E')
                    && Character.isDigit(text.charAt(at - 2));
            if (!Character.isLetterOrDigit(c) && c != '.' && c != '_' && !exponentSign) {
                return;
            }
            at++;
        }
    }

    /** {@code $name} or {@code ${name…}}. */
    private void variable() {
        at++;
        if (at < text.length() && text.charAt(at) == '{') {
            skipTo('}');
        } else {
            word();
        }
    }

    private void skipString() {
        char quote = text.charAt(at++);
        while (at < text.length() && text.charAt(at) != quote) {
            at += text.charAt(at) == '\\' && quote != '`' ? 2 : 1;
        }
        at++;
    }

    /** Past the next {@code end} outside a string. */
    private void skipTo(char end) {
        while (at < text.length() && text.charAt(at) != end) {
            char c = text.charAt(at);
            if ((c == '"' || c == '\'' || c == '`') && end != '\n') {
                skipString();
            } else {
                at++;
            }
        }
        at++;
    }

    /** The next character that is not white space, leaving {@code at} on it; 0 at the end. */
    private char nextNonSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at < text.length() ? text.charAt(at) : 0;
    }

    private static boolean identifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }
}
