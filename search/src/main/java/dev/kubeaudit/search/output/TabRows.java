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
            if (values.get(i) == null) {
                out.write("NULL");
            } else {
                writeEscaped(values.get(i));
            }
        }
        out.write('\n');
    }

    /** Writes {@code value} escaped: the runs between escapes as they are, so that no copy of it is made. */
    private void writeEscaped(String value) throws IOException {
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            String escape = switch (value.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape != null) {
                out.write(value, run, i - run);
                out.write(escape);
                run = i + 1;
            }
        }
        out.write(value, run, value.length() - run);
    }
}
