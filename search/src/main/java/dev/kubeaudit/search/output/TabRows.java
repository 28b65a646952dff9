package dev.kubeaudit.search.output;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A table as tab-separated lines, the column names first; NULL as {@code NULL}; a backslash, tab,
 * newline or carriage return inside a value as {@code \\}, {@code \t}, {@code \n}, {@code \r}, so
 * that each row stays one line. Not thread-safe.
 */
public final class TabRows implements RowSink {
    private final Writer out;

    public TabRows(Writer out) {
        this.out = out;
    }

    @Override
    public void columns(List<String> names) throws IOException {
        row(names);
    }

    @Override
    public void row(List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write('\t');
            }
            out.write(values.get(i) == null ? "NULL" : escaped(values.get(i)));
        }
        out.write('\n');
    }

    static String escaped(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
